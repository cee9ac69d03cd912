//! `index.html` of a published folder: the feeds to subscribe to, the year
//! calendar, the spreadsheet and what the check found, in Vietnamese and English.

use std::fmt::Write;

use super::html::escape;

/// One feed on the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Feed {
    /// File name, e.g. `KG.ics`.
    pub file: String,
    /// What the feed holds, e.g. the outlet's name.
    pub label: String,
    pub events: usize,
}

/// One outlet's printable year, in both languages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Year {
    /// The outlet, e.g. `Kênh KG (KG)`.
    pub label: String,
    pub occurrences: usize,
    /// The files, Vietnamese and English.
    pub vi: String,
    pub en: String,
}

/// What the page shows.
#[derive(Debug, Clone, Default)]
pub struct Index {
    pub title: String,
    pub reference: Option<String>,
    /// The plan's publication date, shown as the date of the files.
    pub published: String,
    pub feeds: Vec<Feed>,
    /// Other files: (file name, Vietnamese label, English label).
    pub files: Vec<(String, String, String)>,
    /// The printable year of each outlet, when the plans are too large for
    /// one (none otherwise).
    pub years: Vec<Year>,
    pub errors: usize,
    pub warnings: usize,
    /// The first findings, one line each.
    pub findings: Vec<String>,
    /// Absolute URL of the folder (`https://example.org/lich/`); links are
    /// relative and the page works out absolute ones itself when absent.
    pub base_url: Option<String>,
    /// Shown at the top when the last edit of the schedule failed to load.
    pub problem: Option<String>,
}

/// The page, as HTML.
pub fn render(index: &Index) -> String {
    let mut h = String::new();
    let title = escape(&index.title);
    let _ = write!(
        h,
        r#"<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
body {{ font-family: system-ui, "Segoe UI", Roboto, Arial, sans-serif; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; color: #222; line-height: 1.45; }}
h1 {{ font-size: 1.5rem; margin-bottom: .2rem; }}
h2 {{ font-size: 1.15rem; margin-top: 2rem; border-bottom: 1px solid #ccc; }}
.en {{ color: #666; font-weight: normal; }}
table {{ border-collapse: collapse; width: 100%; }}
td, th {{ text-align: left; padding: .35rem .5rem; border-bottom: 1px solid #eee; vertical-align: top; }}
code {{ font-size: .85rem; word-break: break-all; }}
button {{ font: inherit; font-size: .85rem; cursor: pointer; }}
.problem {{ background: #fde8e8; border: 1px solid #e0a0a0; padding: .75rem 1rem; white-space: pre-wrap; font-family: monospace; }}
.note {{ color: #555; font-size: .9rem; }}
</style>
</head>
<body>
"#
    );
    if let Some(problem) = &index.problem {
        let _ = write!(
            h,
            "<p><strong>Lịch dưới đây là bản hợp lệ gần nhất; bản sửa mới có lỗi. <span class=\"en\">The calendar below is the last good version; the latest edit has an error:</span></strong></p>\n<div class=\"problem\">{}</div>\n",
            escape(problem)
        );
    }
    let _ = writeln!(h, "<h1>{title}</h1>");
    let mut meta = String::new();
    if let Some(r) = &index.reference {
        let _ = write!(meta, "{} · ", escape(r));
    }
    let _ = writeln!(
        h,
        "<p class=\"note\">{meta}Cập nhật theo kế hoạch ngày <span class=\"en\">as of the plan dated</span> {}</p>",
        escape(&index.published)
    );

    h.push_str(
        "<h2>Đăng ký theo dõi lịch <span class=\"en\">Subscribe to a calendar</span></h2>\n",
    );
    h.push_str("<p class=\"note\">Mở liên kết <code>webcal://</code> để ứng dụng lịch (Outlook, Apple Calendar, Thunderbird) tự đăng ký; với Google Calendar hoặc Outlook mới, dán liên kết <code>https://</code> vào mục “Thêm lịch từ URL”. <span class=\"en\">Open a <code>webcal://</code> link to subscribe in your calendar program; in Google Calendar or the new Outlook, paste the <code>https://</code> link under “Add calendar from URL”.</span></p>\n");
    h.push_str("<table>\n<tr><th>Lịch <span class=\"en\">Calendar</span></th><th>Sự kiện <span class=\"en\">Events</span></th><th>Liên kết <span class=\"en\">Links</span></th></tr>\n");
    for feed in &index.feeds {
        let https = link(index.base_url.as_deref(), &feed.file);
        let webcal = webcal(&https);
        // Without a base URL the links are relative; the page's script makes
        // them absolute (a webcal:// link must be) from where it is served.
        let rel = if index.base_url.is_none() {
            format!(" data-rel=\"{}\"", escape(&feed.file))
        } else {
            String::new()
        };
        let _ = writeln!(
            h,
            "<tr><td>{label}</td><td>{events}</td><td><a class=\"https\"{rel} href=\"{https}\">{https}</a> <button type=\"button\" data-copy>Sao chép <span class=\"en\">Copy</span></button><br><a class=\"webcal\"{rel} href=\"{webcal}\">{webcal}</a> <button type=\"button\" data-copy>Sao chép <span class=\"en\">Copy</span></button></td></tr>",
            label = escape(&feed.label),
            events = feed.events,
            https = escape(&https),
            webcal = escape(&webcal),
        );
    }
    h.push_str("</table>\n");
    h.push_str("<p class=\"note\">Google Calendar đọc lại lịch đăng ký khoảng 12–24 giờ một lần và không có nút cập nhật; Outlook và Apple Calendar theo chu kỳ riêng. Thay đổi kế hoạch có thể mất đến một ngày mới hiện ra. <span class=\"en\">Google Calendar re-reads a subscription every 12–24 hours and cannot be told to refresh; Outlook and Apple Calendar follow their own schedule. A change to the plan may take up to a day to show.</span></p>\n");

    h.push_str("<h2>Tệp khác <span class=\"en\">Other files</span></h2>\n<ul>\n");
    for (file, vi, en) in &index.files {
        let _ = writeln!(
            h,
            "<li><a href=\"{}\">{}</a> <span class=\"en\">{}</span></li>",
            escape(&link(index.base_url.as_deref(), file)),
            escape(vi),
            escape(en)
        );
    }
    h.push_str("</ul>\n");
    if !index.years.is_empty() {
        h.push_str("<h2>Lịch cả năm để in, từng kênh <span class=\"en\">The year to print, per outlet</span></h2>\n");
        h.push_str("<p class=\"note\">Kế hoạch quá lớn để in trên một lịch: mỗi kênh có lịch cả năm riêng. <span class=\"en\">The plan is too large to print as one calendar: each outlet has a year of its own.</span></p>\n");
        h.push_str("<table>\n<tr><th>Kênh <span class=\"en\">Outlet</span></th><th>Sự kiện <span class=\"en\">Events</span></th><th>Lịch để in <span class=\"en\">To print</span></th></tr>\n");
        for year in &index.years {
            let base = index.base_url.as_deref();
            let _ = writeln!(
                h,
                "<tr><td>{}</td><td>{}</td><td><a href=\"{}\">Tiếng Việt</a> · <a href=\"{}\">English</a></td></tr>",
                escape(&year.label),
                year.occurrences,
                escape(&link(base, &year.vi)),
                escape(&link(base, &year.en)),
            );
        }
        h.push_str("</table>\n");
    }

    let _ = writeln!(
        h,
        "<h2>Kiểm tra kế hoạch <span class=\"en\">Plan check</span></h2>\n<p>{} lỗi <span class=\"en\">errors</span>, {} cảnh báo <span class=\"en\">warnings</span>.</p>",
        index.errors, index.warnings
    );
    if !index.findings.is_empty() {
        h.push_str("<ul>\n");
        for f in &index.findings {
            let _ = writeln!(h, "<li>{}</li>", escape(f));
        }
        h.push_str("</ul>\n");
    }

    // Relative links become absolute on the page itself, so the webcal://
    // links work wherever the folder is hosted; copy buttons copy them.
    h.push_str(
        r#"<script>
for (const a of document.querySelectorAll("a[data-rel]")) {
  const url = new URL(a.dataset.rel, document.baseURI);
  const text = a.classList.contains("webcal") ? "webcal://" + url.host + url.pathname : url.href;
  a.href = text; a.textContent = text;
}
for (const b of document.querySelectorAll("button[data-copy]")) {
  b.addEventListener("click", () => {
    const a = b.previousElementSibling;
    navigator.clipboard.writeText(a.href).then(() => { b.textContent = "✓"; });
  });
}
</script>
</body>
</html>
"#,
    );
    h
}

/// The link to `file`: absolute under `base`, else relative.
fn link(base: Option<&str>, file: &str) -> String {
    match base {
        Some(b) if b.ends_with('/') => format!("{b}{file}"),
        Some(b) => format!("{b}/{file}"),
        None => file.to_string(),
    }
}

/// The `webcal://` form of an absolute `http(s)://` link; a relative link
/// stays as it is (the page's script completes it).
fn webcal(https: &str) -> String {
    match https.split_once("://") {
        Some((_, rest)) => format!("webcal://{rest}"),
        None => https.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_absolute_under_a_base_url() {
        assert_eq!(
            link(Some("https://lich.example.vn/cchc"), "KG.ics"),
            "https://lich.example.vn/cchc/KG.ics"
        );
        assert_eq!(
            webcal("https://lich.example.vn/cchc/KG.ics"),
            "webcal://lich.example.vn/cchc/KG.ics"
        );
        assert_eq!(link(None, "KG.ics"), "KG.ics");
    }
}
