//! The words of `castcal fmt`.

use super::{words, Lang};
use crate::say;
use crate::words::Said;

words! {
    /// What `castcal fmt` says.
    pub struct Words {
        /// After the files; `{changed}` and `{kept}` are counts, `{lang}` the form.
        summary: &'static str =
            "castcal fmt: {changed} tệp viết lại theo dạng {lang}, {kept} tệp đã đúng dạng",
            "castcal fmt: files rewritten in the {lang} form: {changed}; already in it: {kept}";
        /// The name of the Vietnamese form.
        vietnamese: &'static str = "tiếng Việt", "Vietnamese";
        /// The name of the English form.
        english: &'static str = "tiếng Anh", "English";
    }
}

impl Words {
    /// The name of `lang`'s form.
    pub fn form(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Vi => self.vietnamese,
            Lang::En => self.english,
        }
    }
}

/// A schedule file rewritten would not load: what castcal itself got wrong.
pub fn unloadable(error: &str) -> Said {
    say!(
        "tệp viết lại sẽ không đọc được, nên tệp được giữ nguyên: {error}",
        "the rewritten file would not load, so the file is left as it was: {error}"
    )
}
