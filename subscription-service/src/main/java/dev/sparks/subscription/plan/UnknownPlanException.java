package dev.sparks.subscription.plan;

/** A plan id that is not in the catalog. */
public class UnknownPlanException extends RuntimeException {

    private final String planId;

    public UnknownPlanException(String planId) {
        super("No plan '" + planId + "' in the catalog");
        this.planId = planId;
    }

    public String planId() {
        return planId;
    }
}
