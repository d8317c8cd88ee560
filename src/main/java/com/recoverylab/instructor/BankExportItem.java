package com.recoverylab.instructor;

import com.recoverylab.export.BankSelection;
import java.util.List;

/**
 * A row of the picker's export section (public: templates read it): the download links of one quiz,
 * or of all, and the questions the download leaves out.
 */
public record BankExportItem(
    String title,
    String giftUrl,
    String qtiUrl,
    int exported,
    List<BankSelection.Skipped> skipped) {
  public BankExportItem {
    skipped = List.copyOf(skipped);
  }
}
