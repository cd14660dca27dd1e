package dev.sparks.rating.web;

import dev.sparks.rating.preview.Preview;
import dev.sparks.rating.preview.PreviewRequest;
import dev.sparks.rating.preview.PricePreview;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Prices for a pricing page or an ROI calculator: what these quantities would cost now. */
@RestController
class PricePreviewController {

    private final PricePreview preview;

    PricePreviewController(PricePreview preview) {
        this.preview = preview;
    }

    @PostMapping("/v1/prices/preview")
    Preview preview(@RequestBody PreviewRequest request) {
        return preview.preview(request);
    }
}
