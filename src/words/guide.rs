//! The programme guide (`xmltv`, `guide.xml`): what a programme's `desc`
//! says of it. Its `category` is the activity's kind, in the words every
//! output shares ([`super::Common::kinds`]).

use super::words;

words! {
    /// The labels of a programme's description.
    pub struct Words {
        lead: &'static str = "Chủ trì: ", "Lead: ";
        partners: &'static str = "Phối hợp: ", "Partners: ";
        product: &'static str = "Sản phẩm: ", "Product: ";
        budget: &'static str = "Kinh phí: ", "Budget: ";
        day_off: &'static str = "Ngày nghỉ: ", "Day off: ";
        /// Said of a tentative item, whose slot may still change.
        tentative: &'static str = "Dự kiến, chưa chính thức", "Tentative, not confirmed";
        plan: &'static str = "Kế hoạch: ", "Plan: ";
    }
}
