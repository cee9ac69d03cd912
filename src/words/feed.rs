//! The iCalendar feeds' text (`SUMMARY`, `DESCRIPTION`).
//!
//! Feeds are written in Vietnamese, like the plan; the English words are
//! there for a feed in English.

use super::words;

words! {
    /// The labels of an event's `DESCRIPTION`, and the mark of a rerun.
    pub struct Words {
        /// Before the title of a rerun's `SUMMARY`.
        rerun_prefix: &'static str = "[Phát lại] ", "[Rerun] ";
        plan: &'static str = "Kế hoạch: ", "Plan: ";
        lead: &'static str = "Chủ trì: ", "Lead: ";
        partners: &'static str = "Phối hợp: ", "Partners: ";
        product: &'static str = "Sản phẩm: ", "Product: ";
        budget: &'static str = "Kinh phí: ", "Budget: ";
        day_off: &'static str = "Ngày nghỉ: ", "Day off: ";
        /// Before the file a deadline's event links to: the report of its period.
        report: &'static str = "Báo cáo của kỳ: ", "The report of its period: ";
        /// Before the title of a cancelled occurrence's `SUMMARY`.
        cancelled_prefix: &'static str = "[ĐÃ HỦY] ", "[CANCELLED] ";
        /// The `DESCRIPTION` of a cancelled occurrence.
        cancelled: &'static str =
            "Buổi này đã bị hủy: kế hoạch không còn lịch này.",
            "This occurrence was cancelled: the plan no longer has it.";
    }
}
