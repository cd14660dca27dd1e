package dev.sparks.invoicing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** sparks.invoicing.* as Spring Boot binds it at start. */
class InvoicingPropertiesTest {

    private static InvoicingProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties)).bindOrCreate("sparks.invoicing",
                InvoicingProperties.class);
    }

    @Test
    void aCurrencyOtherThanUsdIsRefusedAtStartNamingTheProperty() {
        assertThatThrownBy(() -> bind(Map.of("sparks.invoicing.currency", "EUR")))
                .isInstanceOf(BindException.class)
                .extracting(Throwable::getCause, InstanceOfAssertFactories.THROWABLE)
                .hasRootCauseMessage("sparks.invoicing.currency is 'EUR', but invoicing prices in USD only"
                        + " (usd-per-spark, plan prices and Money.usd are all dollars); set it to USD");
    }

    @Test
    void usdIsTheDefaultAndBinds() {
        assertThat(bind(Map.of()).currency()).isEqualTo("USD");
        assertThat(bind(Map.of("sparks.invoicing.currency", "USD")).currency()).isEqualTo("USD");
    }
}
