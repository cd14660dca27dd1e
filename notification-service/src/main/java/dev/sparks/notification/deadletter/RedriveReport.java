package dev.sparks.notification.deadletter;

import java.util.List;

/** How many refused mails a redrive put back to be sent, and the first few of their references. */
public record RedriveReport(int redriven, List<String> references) {}
