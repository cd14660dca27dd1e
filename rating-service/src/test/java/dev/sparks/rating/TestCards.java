package dev.sparks.rating;

/** The metrics of a rate card as tests write them: the shipped prices, with what a test varies. */
public final class TestCards {

    private TestCards() {}

    /**
     * The {@code "metrics"} object of a card: every shipped metric at its shipped price, except
     * {@code ai_tokens} at {@code aiTokensSparks} per 1,000; storage left out unless asked (to
     * test an unpriced metric in use), and a {@code gpu_hours} metric when asked.
     */
    public static String metrics(String aiTokensSparks, boolean withStorage, boolean withGpuHours) {
        return """
                {
                   "ai_tokens":{"unit":"token","category":"ai_tokens","sparks":%s,"per":1000},
                   "compute_minutes":{"unit":"minute","category":"compute","sparks":50},
                   %s%s
                   "messages":{"unit":"message","category":"app","sparks":1},
                   "api_calls":{"unit":"call","category":"app","sparks":1,"per":10},
                   "emails_processed":{"unit":"email","category":"app","sparks":2},
                   "ai_responses":{"unit":"response","category":"app","sparks":10},
                   "leads_created":{"unit":"lead","category":"app","sparks":25},
                   "chatbots":{"unit":"chatbot","category":"app","sparks":1000},
                   "livekit_participant_minutes":{"unit":"minute","category":"livekit","pass_through":true},
                   "livekit_egress_minutes":{"unit":"minute","category":"livekit","pass_through":true},
                   "livekit_ingress_minutes":{"unit":"minute","category":"livekit","pass_through":true},
                   "livekit_agent_minutes":{"unit":"minute","category":"livekit","pass_through":true},
                   "livekit_bandwidth_gb":{"unit":"gb","category":"livekit","pass_through":true,"markup_percent":20}
                 }""".formatted(aiTokensSparks,
                withStorage ? "\"storage_gb_months\":{\"unit\":\"gb_month\",\"category\":\"storage\",\"sparks\":500},\n" : "",
                withGpuHours ? "\"gpu_hours\":{\"unit\":\"hour\",\"category\":\"compute\",\"sparks\":3000}," : "");
    }
}
