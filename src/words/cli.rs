//! What the command line itself says: the hints after an error.

use super::words;

words! {
    /// The command line's hints.
    pub struct Words {
        /// After "schedules: No such file or directory", when no path was
        /// given and there is no `schedules/` folder here.
        no_schedules: &'static str =
            "gợi ý: ở đây không có thư mục schedules/. Hãy chỉ đường dẫn tới tệp hoặc thư mục \
             kế hoạch (castcal check ke-hoach.yaml), hoặc bắt đầu từ văn bản kế hoạch: \
             castcal import ke-hoach.docx -o schedules/ke-hoach.yaml",
            "hint: there is no schedules/ folder here. Give the path of a schedule file or \
             folder (castcal check plan.yaml), or start from the plan's document: \
             castcal import plan.docx -o schedules/plan.yaml";
    }
}
