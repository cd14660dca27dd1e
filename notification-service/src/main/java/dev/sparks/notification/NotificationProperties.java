package dev.sparks.notification;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code sparks.notification.*}; the SMTP server itself is Spring Boot's {@code spring.mail.*}.
 *
 * @param from the sender of every message
 */
@ConfigurationProperties("sparks.notification")
public record NotificationProperties(@DefaultValue("Sparks Billing <billing@sparks.local>") String from) {}
