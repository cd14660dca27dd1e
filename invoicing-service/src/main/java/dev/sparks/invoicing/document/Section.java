package dev.sparks.invoicing.document;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A document's lines of one section, with their subtotal; both renderers group the same way. */
record Section(String name, List<InvoiceDocument.Line> lines, long subtotalMinor) {

    /** Groups lines by section, sections in order of first appearance, lines in their given order. */
    static List<Section> of(List<InvoiceDocument.Line> lines) {
        Map<String, List<InvoiceDocument.Line>> bySection = new LinkedHashMap<>();
        for (InvoiceDocument.Line line : lines) {
            bySection.computeIfAbsent(line.section(), name -> new ArrayList<>()).add(line);
        }
        List<Section> sections = new ArrayList<>(bySection.size());
        bySection.forEach((name, sectionLines) ->
                sections.add(new Section(name, List.copyOf(sectionLines), InvoiceDocument.sumOf(sectionLines))));
        return sections;
    }
}
