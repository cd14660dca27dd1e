package dev.sparks.notification.mail;

/**
 * The subject and text of a message, without its greeting: the greeting ("Hello Ada,") is written
 * when the mail is sent, from the contact on file then, so a mail queued before the customer's
 * address and name arrived still greets them by name.
 */
public record Mail(String subject, String content) {}
