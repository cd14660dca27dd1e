package dev.sparks.console.web;

import dev.sparks.console.api.ServiceException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;

/**
 * Errors as pages. A service's 404 and 403 become the console's own 404 and 403, with the same
 * wording whether the thing is missing or someone else's, so a URL cannot probe ids; a 401 means
 * the token is no longer accepted and the user signs in again.
 */
@ControllerAdvice
class ErrorPages {

    private static final Logger log = LoggerFactory.getLogger(ErrorPages.class);

    private final PageModel pageModel;

    ErrorPages(PageModel pageModel) {
        this.pageModel = pageModel;
    }

    @ExceptionHandler(PageException.class)
    String page(PageException e, Model model, HttpServletRequest request, HttpServletResponse response) {
        return render(e, model, request, response);
    }

    @ExceptionHandler(ServiceException.class)
    String service(ServiceException e, Model model, HttpServletRequest request, HttpServletResponse response) {
        return switch (e.status()) {
            case 404 -> render(PageException.notFound(), model, request, response);
            case 403 -> render(PageException.forbidden(), model, request, response);
            case 401 -> "redirect:/login";
            default -> {
                log.warn("Service call failed: {}", e.getMessage());
                yield render(new PageException(502, "Temporarily unavailable",
                        "Part of Sparks did not answer. Please try again in a moment."), model, request, response);
            }
        };
    }

    /** Exception handlers get no {@code @ModelAttribute}s: the layout's user and form token are added here. */
    private String render(PageException e, Model model, HttpServletRequest request, HttpServletResponse response) {
        model.addAttribute("me", pageModel.me(request));
        model.addAttribute("csrf", pageModel.csrf(request));
        response.setStatus(e.status());
        model.addAttribute("status", e.status());
        model.addAttribute("title", e.title());
        model.addAttribute("message", e.getMessage());
        return "error";
    }
}
