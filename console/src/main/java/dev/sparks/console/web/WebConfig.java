package dev.sparks.console.web;

import dev.sparks.console.signin.SignedInUser;
import java.time.Clock;
import java.util.List;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.core.Ordered;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** The web edge: security headers, CSRF, which pages need a signed-in user, and the user as a controller argument. */
@Configuration
class WebConfig implements WebMvcConfigurer {

    private final Clock clock;

    WebConfig(Clock clock) {
        this.clock = clock;
    }

    @Bean
    FilterRegistrationBean<SecurityHeadersFilter> securityHeaders() {
        FilterRegistrationBean<SecurityHeadersFilter> bean = new FilterRegistrationBean<>(new SecurityHeadersFilter());
        bean.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return bean;
    }

    @Bean
    FilterRegistrationBean<CsrfFilter> csrf() {
        FilterRegistrationBean<CsrfFilter> bean = new FilterRegistrationBean<>(new CsrfFilter());
        bean.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        return bean;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new SignedInAccess(clock)).addPathPatterns("/billing/**", "/invoices/**", "/admin/**",
                "/billing", "/invoices", "/admin");
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new HandlerMethodArgumentResolver() {
            @Override
            public boolean supportsParameter(MethodParameter parameter) {
                return parameter.getParameterType().equals(SignedInUser.class);
            }

            @Override
            public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer container, NativeWebRequest request,
                    WebDataBinderFactory binders) {
                Object user = request.getAttribute(SignedInUser.SESSION_ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
                if (user == null) {
                    throw new IllegalStateException("A SignedInUser argument outside the signed-in pages");
                }
                return user;
            }
        });
    }
}
