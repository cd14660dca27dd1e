-- One database per service, owned by the one application user of this single host.
CREATE DATABASE sparks_ingest;
CREATE DATABASE sparks_rating;
CREATE DATABASE sparks_subscription;
CREATE DATABASE sparks_invoicing;
CREATE DATABASE sparks_payment;
CREATE DATABASE sparks_notification;
