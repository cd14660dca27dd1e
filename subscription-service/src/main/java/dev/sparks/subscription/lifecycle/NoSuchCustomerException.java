package dev.sparks.subscription.lifecycle;

/** No customer with this id, or none the caller may see: answered 404 either way. */
public class NoSuchCustomerException extends RuntimeException {

    public NoSuchCustomerException(String customerId) {
        super("No customer " + customerId);
    }
}
