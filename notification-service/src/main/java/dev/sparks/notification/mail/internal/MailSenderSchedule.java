package dev.sparks.notification.mail.internal;

import dev.sparks.notification.NotificationProperties;
import dev.sparks.platform.schedule.FixedDelayTask;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class MailSenderSchedule {

    /** Every sendInterval: due mails to SMTP, expired waits dropped. */
    @Bean
    FixedDelayTask mailSenderTask(QueuedMailSender sender, NotificationProperties properties) {
        return new FixedDelayTask("mail-sender", properties.delivery().sendInterval(), sender::run);
    }
}
