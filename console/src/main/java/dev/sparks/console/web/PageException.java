package dev.sparks.console.web;

/** Ends a request with an error page: its status, a heading and a sentence for the person reading it. */
public class PageException extends RuntimeException {

    private final int status;
    private final String title;

    public PageException(int status, String title, String message) {
        super(message);
        this.status = status;
        this.title = title;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public static PageException notFound() {
        return new PageException(404, "Not found", "There is nothing here, or it is not yours to see.");
    }

    public static PageException forbidden() {
        return new PageException(403, "Not allowed", "This page needs the admin permission.");
    }
}
