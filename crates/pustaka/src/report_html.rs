//! A library report as one self-contained HTML page: inline CSS, charts drawn here as inline
//! SVG, no fonts, scripts or images from the network, readable on a phone.
//!
//! [`render`] takes the report's JSON (the shape `Library::report` serialises to, see the
//! README) rather than the Rust type, so a report saved as JSON earlier, or sent from
//! Python, renders the same way. Missing keys and empty maps show as "tidak ada data" (no
//! data); every text from the data is escaped. Labels are Indonesian with the English term
//! beside them in smaller type.
//!
//! Every drawn chart mark is an SVG `<rect class="bar" data-value="…">` with a `<title>`,
//! and each bucket of the visits chart is a `<g class="bucket" data-label="…">`, one per
//! entry of `series`, so a test can count what was drawn. A few lines of inline script
//! count, after layout, the bars the browser drew with a non-zero size and write the count
//! to `<body data-bars-drawn>`.

use std::fmt::Write as _;

use serde_json::{Map, Value};

/// The three kinds of visitors in the visits chart: JSON key, Indonesian label, English
/// label, CSS class.
const VISIT_KINDS: [(&str, &str, &str, &str); 3] = [
    ("members", "Anggota", "members", "k-members"),
    ("non_members", "Non-anggota", "non-members", "k-non-members"),
    ("group_persons", "Rombongan", "group persons", "k-groups"),
];

/// Renders a report (its JSON value) as a complete HTML document.
pub fn render(report: &Value) -> String {
    let mut page = Page::default();
    page.head(report);
    page.summary(report);
    page.visits(report);
    page.members(report);
    page.circulation(report);
    page.collection(report);
    page.activities(report);
    page.indicators(report);
    page.series_table(report);
    page.finish()
}

/// Escapes text for HTML element content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The value at a path of object keys, if every step exists.
fn at<'a>(value: &'a Value, path: &[&str]) -> Option<&'a Value> {
    path.iter().try_fold(value, |v, key| v.get(key))
}

/// A number at a path; strings holding numbers count too.
fn num(value: &Value, path: &[&str]) -> Option<f64> {
    at(value, path).and_then(as_number)
}

fn as_number(value: &Value) -> Option<f64> {
    match value {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// A string at a path (numbers are shown as written).
fn text(value: &Value, path: &[&str]) -> Option<String> {
    match at(value, path)? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// A map at a path; `None` when missing, not an object, or empty.
fn map<'a>(value: &'a Value, path: &[&str]) -> Option<&'a Map<String, Value>> {
    at(value, path)
        .and_then(Value::as_object)
        .filter(|m| !m.is_empty())
}

/// A number in Indonesian notation: `.` groups thousands, `,` marks decimals (at most two,
/// trailing zeros dropped).
fn fmt_num(n: f64) -> String {
    if !n.is_finite() {
        return "–".into();
    }
    let negative = n < 0.0;
    let rounded = (n.abs() * 100.0).round() / 100.0;
    let whole = rounded.trunc() as u64;
    let cents = ((rounded - rounded.trunc()) * 100.0).round() as u64;
    let digits = whole.to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push('.');
        }
        grouped.push(c);
    }
    if cents > 0 {
        let frac = format!("{cents:02}");
        grouped.push(',');
        grouped.push_str(frac.trim_end_matches('0'));
    }
    if negative && (whole > 0 || cents > 0) {
        grouped.insert(0, '-');
    }
    grouped
}

/// A number for a `data-value` attribute: plain, with a `.` decimal point.
fn raw_num(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

fn fmt_opt(n: Option<f64>) -> String {
    n.map(fmt_num).unwrap_or_else(|| "–".into())
}

/// The Indonesian label (and English one) for a known code; unknown codes show as given.
fn code_label(code: &str) -> (String, Option<&'static str>) {
    let known: Option<(&str, &str)> = match code {
        "layanan_informasi" => Some(("Peningkatan layanan informasi", "information services")),
        "pelibatan_masyarakat" => Some(("Pelibatan masyarakat", "community engagement")),
        "advokasi" => Some(("Advokasi", "advocacy")),
        "replikasi" => Some(("Replikasi mandiri", "replication")),
        "pelatihan" => Some(("Pelatihan", "training")),
        "sosialisasi" => Some(("Sosialisasi", "socialisation")),
        "bimtek" => Some(("Bimbingan teknis", "technical guidance")),
        "lomba" => Some(("Lomba", "competition")),
        "diskusi" => Some(("Diskusi", "discussion")),
        "bercerita" => Some(("Bercerita", "storytelling")),
        "pameran" => Some(("Pameran", "exhibition")),
        "literasi_digital" => Some(("Literasi digital", "digital literacy")),
        "stakeholder_meeting" => Some(("Pertemuan pemangku kepentingan", "stakeholder meeting")),
        "peer_learning" => Some(("Belajar bersama", "peer learning")),
        "unknown" => Some(("Tidak diketahui", "unknown")),
        _ => None,
    };
    match known {
        Some((id, en)) => (id.to_string(), Some(en)),
        None => (code.to_string(), None),
    }
}

/// Escaped HTML for a code's label, with the English term in small type when known.
fn label_html(code: &str) -> String {
    match code_label(code) {
        (id, Some(en)) => format!("{} <span class=\"en\">{}</span>", escape(&id), escape(en)),
        (id, None) => escape(&id),
    }
}

/// The top of a chart's axis: `max` rounded up to a value whose quarters are round numbers.
fn nice_max(max: f64) -> f64 {
    // Charts count people and events: below 4 the quarters would be fractions.
    if max <= 4.0 || !max.is_finite() {
        return 4.0;
    }
    let power = 10f64.powf(max.log10().floor());
    for step in [1.0, 1.2, 1.6, 2.0, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0] {
        if step * power >= max {
            return step * power;
        }
    }
    10.0 * power
}

const STYLE: &str = r#"
:root{--fg:#1d2733;--muted:#5b6776;--line:#d9dee5;--bg:#f6f7f9;--card:#fff;
--members:#2f6db5;--non-members:#e08a1e;--groups:#3a9e6d;--act:#7a4fb0;--part:#c2457a}
*{box-sizing:border-box}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",Arial,sans-serif;
color:var(--fg);background:var(--bg);line-height:1.45;font-size:16px}
main{max-width:980px;margin:0 auto;padding:16px}
header{margin:8px 0 16px}
h1{font-size:1.5rem;margin:0 0 4px}
h2{font-size:1.2rem;margin:0 0 12px;border-bottom:2px solid var(--line);padding-bottom:4px}
h3{font-size:1rem;margin:16px 0 8px}
.en{color:var(--muted);font-weight:normal;font-size:.85em}
.period{color:var(--muted);margin:0}
section{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:16px;margin:0 0 16px}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(140px,1fr));gap:10px;margin:0 0 16px}
.card{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:10px 12px}
.card .v{font-size:1.5rem;font-weight:600;display:block}
.card .k{font-size:.85rem;color:var(--muted)}
.scroll{overflow-x:auto;-webkit-overflow-scrolling:touch}
table{border-collapse:collapse;width:100%;font-size:.92rem;margin:0 0 8px}
th,td{padding:5px 8px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
thead th{background:var(--bg)}
thead .en,th[scope=row] .en{display:block}
table.series th[scope=row]{white-space:nowrap}
.grid2{display:grid;grid-template-columns:repeat(auto-fit,minmax(280px,1fr));gap:0 20px}
.nodata{color:var(--muted);font-style:italic;margin:4px 0 8px}
figure{margin:0 0 12px}
figcaption{font-weight:600;margin:0 0 6px}
svg.chart{width:100%;height:auto;display:block}
svg.chart text{font-size:13px;fill:var(--muted)}
svg.chart .grid{stroke:var(--line);stroke-width:1}
svg.chart .axis{stroke:#9aa4b1;stroke-width:1}
.k-members{fill:var(--members);background:var(--members)}
.k-non-members{fill:var(--non-members);background:var(--non-members)}
.k-groups{fill:var(--groups);background:var(--groups)}
.k-activities{fill:var(--act);background:var(--act)}
.k-participants{fill:var(--part);background:var(--part)}
.k-hours{fill:var(--members);background:var(--members)}
.legend{display:flex;flex-wrap:wrap;gap:6px 16px;font-size:.85rem;margin:6px 0 0;padding:0;list-style:none}
.legend i{display:inline-block;width:12px;height:12px;border-radius:2px;margin-right:5px;vertical-align:-1px}
footer{color:var(--muted);font-size:.8rem;text-align:center;padding:8px 0 24px}
@media (max-width:480px){main{padding:10px}section{padding:12px}.card .v{font-size:1.25rem}
th,td{padding:4px 5px}}
@media print{body{background:#fff}section,.card{border-color:#bbb;break-inside:avoid}}
"#;

/// After layout, counts the bars drawn with a non-zero size (a check that charts render).
const SCRIPT: &str = r#"
(function(){function count(){var n=0,bars=document.querySelectorAll("rect.bar");
for(var i=0;i<bars.length;i++){var r=bars[i].getBoundingClientRect();if(r.width>0&&r.height>0){n++;}}
document.body.setAttribute("data-bars-drawn",String(n));}
if(document.readyState==="loading"){document.addEventListener("DOMContentLoaded",count);}else{count();}})();
"#;

/// The page being built.
#[derive(Default)]
struct Page {
    html: String,
    /// A counter for unique chart ids.
    charts: usize,
}

impl Page {
    fn push(&mut self, s: &str) {
        self.html.push_str(s);
    }

    fn head(&mut self, report: &Value) {
        let from = text(report, &["period", "from"]).unwrap_or_default();
        let to = text(report, &["period", "to"]).unwrap_or_default();
        let period = if from.is_empty() && to.is_empty() {
            "periode tidak diketahui".to_string()
        } else {
            format!("{from} – {to}")
        };
        let _ = write!(
            self.html,
            "<!DOCTYPE html>\n<html lang=\"id\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <title>Laporan perpustakaan {}</title>\n<style>{STYLE}</style>\n</head>\n\
             <body>\n<main>\n<header>\n<h1>Laporan perpustakaan \
             <span class=\"en\">Library report</span></h1>\n",
            escape(&period)
        );
        let days = num(report, &["period", "days"])
            .map(|d| format!(", {} hari <span class=\"en\">days</span>", fmt_num(d)))
            .unwrap_or_default();
        let by = match text(report, &["by"]).as_deref() {
            Some("day") => ", per hari <span class=\"en\">by day</span>".to_string(),
            Some("month") => ", per bulan <span class=\"en\">by month</span>".to_string(),
            Some("year") => ", per tahun <span class=\"en\">by year</span>".to_string(),
            Some(other) => format!(", per {}", escape(other)),
            None => String::new(),
        };
        let _ = writeln!(
            self.html,
            "<p class=\"period\">Periode <span class=\"en\">period</span> {}{days}{by}</p>\n</header>",
            escape(&period)
        );
    }

    fn summary(&mut self, report: &Value) {
        let cards = [
            ("Kunjungan", "visits", num(report, &["visits", "total"])),
            (
                "Rata-rata per hari",
                "daily average",
                num(report, &["visits", "daily_average"]),
            ),
            ("Anggota", "members", num(report, &["members", "total"])),
            (
                "Peminjaman",
                "loans",
                num(report, &["circulation", "loans"]),
            ),
            (
                "Kegiatan",
                "activities",
                num(report, &["activities", "count"]),
            ),
            (
                "Peserta kegiatan",
                "participants",
                num(report, &["activities", "participants"]),
            ),
        ];
        self.push("<div class=\"cards\">\n");
        for (id, en, value) in cards {
            let _ = writeln!(
                self.html,
                "<div class=\"card\"><span class=\"v\">{}</span><span class=\"k\">{id} \
                 <span class=\"en\">{en}</span></span></div>",
                fmt_opt(value)
            );
        }
        self.push("</div>\n");
    }

    fn section_start(&mut self, id: &str, title: &str, en: &str) {
        let _ = writeln!(
            self.html,
            "<section id=\"{id}\">\n<h2>{title} <span class=\"en\">{en}</span></h2>"
        );
    }

    fn no_data(&mut self) {
        self.push("<p class=\"nodata\">Tidak ada data <span class=\"en\">no data</span></p>\n");
    }

    /// A two-column table of figures: label, value.
    fn figures(&mut self, rows: &[(&str, &str, Option<f64>)]) {
        self.push("<div class=\"scroll\"><table>\n<tbody>\n");
        for (id, en, value) in rows {
            let _ = writeln!(
                self.html,
                "<tr><th scope=\"row\">{id} <span class=\"en\">{en}</span></th>\
                 <td class=\"n\">{}</td></tr>",
                fmt_opt(*value)
            );
        }
        self.push("</tbody>\n</table></div>\n");
    }

    /// A breakdown map as a table: each key with its count and share of the sum, or, when
    /// the values are objects, one column per field.
    fn breakdown(&mut self, title: &str, en: &str, values: Option<&Map<String, Value>>) {
        let _ = writeln!(
            self.html,
            "<div><h3>{title} <span class=\"en\">{en}</span></h3>"
        );
        let Some(values) = values else {
            self.no_data();
            self.push("</div>\n");
            return;
        };
        let mut columns: Vec<String> = Vec::new();
        for v in values.values() {
            if let Some(obj) = v.as_object() {
                for k in obj.keys() {
                    if !columns.contains(k) {
                        columns.push(k.clone());
                    }
                }
            }
        }
        self.push("<div class=\"scroll\"><table>\n<thead><tr><th></th>");
        if columns.is_empty() {
            self.push(
                "<th class=\"n\">Jumlah <span class=\"en\">count</span></th><th class=\"n\">%</th>",
            );
        } else {
            for c in &columns {
                let _ = write!(self.html, "<th class=\"n\">{}</th>", column_label(c));
            }
        }
        self.push("</tr></thead>\n<tbody>\n");
        let total: f64 = values.values().filter_map(as_number).sum();
        for (key, v) in values {
            let _ = write!(self.html, "<tr><th scope=\"row\">{}</th>", label_html(key));
            if columns.is_empty() {
                let n = as_number(v);
                let share = match n {
                    Some(n) if total > 0.0 => fmt_num(n * 100.0 / total),
                    _ => "–".into(),
                };
                let _ = write!(
                    self.html,
                    "<td class=\"n\">{}</td><td class=\"n\">{share}</td>",
                    fmt_opt(n)
                );
            } else {
                for c in &columns {
                    let _ = write!(
                        self.html,
                        "<td class=\"n\">{}</td>",
                        fmt_opt(v.get(c).and_then(as_number))
                    );
                }
            }
            self.push("</tr>\n");
        }
        self.push("</tbody>\n</table></div>\n</div>\n");
    }

    fn visits(&mut self, report: &Value) {
        self.section_start("kunjungan", "Kunjungan", "Visits");
        self.visits_chart(report);
        self.figures(&[
            ("Anggota", "members", num(report, &["visits", "members"])),
            (
                "Non-anggota",
                "non-members",
                num(report, &["visits", "non_members"]),
            ),
            (
                "Orang dalam rombongan",
                "group persons",
                num(report, &["visits", "group_persons"]),
            ),
            ("Jumlah", "total", num(report, &["visits", "total"])),
            (
                "Rata-rata per hari",
                "daily average",
                num(report, &["visits", "daily_average"]),
            ),
        ]);
        self.hours_chart(report);
        self.push("<div class=\"grid2\">\n");
        for (key, id, en) in [
            ("by_gender", "Menurut jenis kelamin", "by gender"),
            ("by_occupation", "Menurut pekerjaan", "by occupation"),
            ("by_education", "Menurut pendidikan", "by education"),
            ("by_purpose", "Menurut tujuan kunjungan", "by purpose"),
            ("by_location", "Menurut lokasi", "by location"),
        ] {
            self.breakdown(id, en, map(report, &["visits", key]));
        }
        self.push("</div>\n</section>\n");
    }

    /// Visits per bucket of `series`, stacked by kind of visitor.
    fn visits_chart(&mut self, report: &Value) {
        let series: &[Value] = at(report, &["series"])
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        let caption = match text(report, &["by"]).as_deref() {
            Some("day") => "Kunjungan per hari <span class=\"en\">visits per day</span>",
            Some("year") => "Kunjungan per tahun <span class=\"en\">visits per year</span>",
            _ => "Kunjungan per bulan <span class=\"en\">visits per month</span>",
        };
        let _ = writeln!(self.html, "<figure>\n<figcaption>{caption}</figcaption>");
        if series.is_empty() {
            self.no_data();
            self.push("</figure>\n");
            return;
        }
        let buckets: Vec<(String, [f64; 3])> = series
            .iter()
            .map(|entry| {
                let label = text(entry, &["label"])
                    .or_else(|| text(entry, &["from"]))
                    .unwrap_or_default();
                let values =
                    VISIT_KINDS.map(|(key, ..)| num(entry, &["visits", key]).unwrap_or(0.0));
                (label, values)
            })
            .collect();
        let max = buckets
            .iter()
            .map(|(_, v)| v.iter().sum::<f64>())
            .fold(0.0, f64::max);
        let top = nice_max(max);
        let (width, height) = (560.0, 260.0);
        let (left, right, top_pad, bottom) = (44.0, 8.0, 10.0, 42.0);
        let plot_w = width - left - right;
        let plot_h = height - top_pad - bottom;
        let step = plot_w / buckets.len() as f64;
        let bar_w = (step * 0.72).max(0.5);
        self.charts += 1;
        let _ = writeln!(
            self.html,
            "<div class=\"scroll\"><svg class=\"chart\" id=\"chart-{}\" data-chart=\"visits\" \
             viewBox=\"0 0 {width} {height}\" role=\"img\" aria-labelledby=\"chart-{}-title\">\n\
             <title id=\"chart-{}-title\">Kunjungan anggota, non-anggota dan rombongan per periode \
             (visits by members, non-members and group persons per period)</title>",
            self.charts, self.charts, self.charts
        );
        self.y_axis(left, top_pad, plot_w, plot_h, top);
        let label_every = buckets.len().div_ceil(12).max(1);
        for (i, (label, values)) in buckets.iter().enumerate() {
            let x = left + step * i as f64 + (step - bar_w) / 2.0;
            let total: f64 = values.iter().sum();
            let _ = writeln!(
                self.html,
                "<g class=\"bucket\" data-label=\"{}\" data-total=\"{}\">",
                escape(label),
                raw_num(total)
            );
            let mut y = top_pad + plot_h;
            for ((key, id, en, class), value) in VISIT_KINDS.iter().zip(values) {
                if *value <= 0.0 {
                    continue;
                }
                let h = value / top * plot_h;
                y -= h;
                let _ = writeln!(
                    self.html,
                    "<rect class=\"bar {class}\" data-series=\"{key}\" data-value=\"{}\" \
                     x=\"{x:.2}\" y=\"{y:.2}\" width=\"{bar_w:.2}\" height=\"{h:.2}\">\
                     <title>{}: {id} ({en}) {}</title></rect>",
                    raw_num(*value),
                    escape(label),
                    fmt_num(*value)
                );
            }
            if i % label_every == 0 {
                let _ = writeln!(
                    self.html,
                    "<text x=\"{:.2}\" y=\"{:.2}\" text-anchor=\"middle\">{}</text>",
                    x + bar_w / 2.0,
                    top_pad + plot_h + 16.0,
                    escape(&short_label(label))
                );
            }
            self.push("</g>\n");
        }
        self.push("</svg></div>\n<ul class=\"legend\">");
        for (_, id, en, class) in VISIT_KINDS {
            let _ = write!(
                self.html,
                "<li><i class=\"{class}\"></i>{id} <span class=\"en\">{en}</span></li>"
            );
        }
        self.push("</ul>\n</figure>\n");
    }

    /// Horizontal grid lines with their values.
    fn y_axis(&mut self, left: f64, top_pad: f64, plot_w: f64, plot_h: f64, top: f64) {
        for i in 0..=4 {
            let value = top * i as f64 / 4.0;
            let y = top_pad + plot_h - plot_h * i as f64 / 4.0;
            let class = if i == 0 { "axis" } else { "grid" };
            let _ = writeln!(
                self.html,
                "<line class=\"{class}\" x1=\"{left}\" x2=\"{:.2}\" y1=\"{y:.2}\" y2=\"{y:.2}\"/>\
                 <text x=\"{:.2}\" y=\"{:.2}\" text-anchor=\"end\">{}</text>",
                left + plot_w,
                left - 4.0,
                y + 4.0,
                fmt_num(value)
            );
        }
    }

    /// Visits by hour of day, 00 to 23.
    fn hours_chart(&mut self, report: &Value) {
        self.push("<figure>\n<figcaption>Kunjungan menurut jam <span class=\"en\">visits by hour of day</span></figcaption>\n");
        let Some(hours) = map(report, &["visits", "by_hour"]) else {
            self.no_data();
            self.push("</figure>\n");
            return;
        };
        let values: Vec<(String, f64)> = (0..24)
            .map(|h| {
                let key = format!("{h:02}");
                let v = hours.get(&key).and_then(as_number).unwrap_or(0.0);
                (key, v)
            })
            .collect();
        let top = nice_max(values.iter().map(|(_, v)| *v).fold(0.0, f64::max));
        let (width, height) = (560.0, 200.0);
        let (left, right, top_pad, bottom) = (44.0, 8.0, 10.0, 28.0);
        let plot_w = width - left - right;
        let plot_h = height - top_pad - bottom;
        let step = plot_w / 24.0;
        let bar_w = step * 0.7;
        self.charts += 1;
        let _ = writeln!(
            self.html,
            "<div class=\"scroll\"><svg class=\"chart\" id=\"chart-{}\" data-chart=\"hours\" \
             viewBox=\"0 0 {width} {height}\" role=\"img\" aria-labelledby=\"chart-{}-title\">\n\
             <title id=\"chart-{}-title\">Kunjungan menurut jam (visits by hour of day)</title>",
            self.charts, self.charts, self.charts
        );
        self.y_axis(left, top_pad, plot_w, plot_h, top);
        for (i, (hour, value)) in values.iter().enumerate() {
            let x = left + step * i as f64 + (step - bar_w) / 2.0;
            if *value > 0.0 {
                let h = value / top * plot_h;
                let _ = writeln!(
                    self.html,
                    "<rect class=\"bar k-hours\" data-series=\"hour\" data-label=\"{hour}\" \
                     data-value=\"{}\" x=\"{x:.2}\" y=\"{:.2}\" width=\"{bar_w:.2}\" \
                     height=\"{h:.2}\"><title>{hour}.00: {} kunjungan (visits)</title></rect>",
                    raw_num(*value),
                    top_pad + plot_h - h,
                    fmt_num(*value)
                );
            }
            if i % 3 == 0 {
                let _ = writeln!(
                    self.html,
                    "<text x=\"{:.2}\" y=\"{:.2}\" text-anchor=\"middle\">{hour}</text>",
                    x + bar_w / 2.0,
                    top_pad + plot_h + 16.0
                );
            }
        }
        self.push("</svg></div>\n</figure>\n");
    }

    /// A horizontal bar chart of one field of a map of objects (or of a map of numbers).
    fn hbar_chart(
        &mut self,
        name: &str,
        caption: &str,
        values: &[(String, f64)],
        class: &str,
        unit: &str,
    ) {
        let _ = writeln!(self.html, "<figure>\n<figcaption>{caption}</figcaption>");
        if values.is_empty() {
            self.no_data();
            self.push("</figure>\n");
            return;
        }
        let top = nice_max(values.iter().map(|(_, v)| *v).fold(0.0, f64::max));
        // Each row: the label on its own line, the bar under it (labels never clip).
        let row = 42.0;
        let (width, right) = (320.0, 48.0);
        let height = row * values.len() as f64 + 4.0;
        let plot_w = width - right;
        self.charts += 1;
        let _ = writeln!(
            self.html,
            "<svg class=\"chart\" id=\"chart-{}\" data-chart=\"{name}\" \
             viewBox=\"0 0 {width} {height}\" role=\"img\" aria-label=\"{}\">",
            self.charts,
            escape(&strip_tags(caption))
        );
        for (i, (code, value)) in values.iter().enumerate() {
            let y = 2.0 + row * i as f64;
            let (label, _) = code_label(code);
            let _ = writeln!(
                self.html,
                "<text x=\"0\" y=\"{:.2}\">{}</text>",
                y + 13.0,
                escape(&truncate(&label, 40))
            );
            let w = value / top * plot_w;
            if *value > 0.0 {
                let _ = writeln!(
                    self.html,
                    "<rect class=\"bar {class}\" data-series=\"{name}\" data-label=\"{}\" \
                     data-value=\"{}\" x=\"0\" y=\"{:.2}\" width=\"{w:.2}\" height=\"18\">\
                     <title>{}: {} {unit}</title></rect>",
                    escape(code),
                    raw_num(*value),
                    y + 18.0,
                    escape(&label),
                    fmt_num(*value)
                );
            }
            let _ = writeln!(
                self.html,
                "<text x=\"{:.2}\" y=\"{:.2}\">{}</text>",
                w + 4.0,
                y + 32.0,
                fmt_num(*value)
            );
        }
        self.push("</svg>\n</figure>\n");
    }

    fn members(&mut self, report: &Value) {
        self.section_start("anggota", "Anggota", "Members");
        self.figures(&[
            (
                "Jumlah anggota",
                "total",
                num(report, &["members", "total"]),
            ),
            ("Anggota baru", "new", num(report, &["members", "new"])),
            (
                "Anggota aktif",
                "active in the period",
                num(report, &["members", "active"]),
            ),
        ]);
        self.breakdown(
            "Menurut jenis anggota",
            "by member type",
            map(report, &["members", "by_type"]),
        );
        self.push("</section>\n");
    }

    fn circulation(&mut self, report: &Value) {
        self.section_start("sirkulasi", "Sirkulasi", "Circulation");
        let c = |key: &str| num(report, &["circulation", key]);
        self.figures(&[
            ("Transaksi peminjaman", "loans", c("loans")),
            ("Eksemplar dipinjam", "items lent", c("items_lent")),
            ("Judul dipinjam", "titles lent", c("titles_lent")),
            ("Pengembalian", "returns", c("returns")),
            ("Terlambat kembali", "late returns", c("late_returns")),
            ("Denda dikenakan (Rp)", "fines charged", c("fines_charged")),
            ("Denda dibayar (Rp)", "fines paid", c("fines_paid")),
            ("Baca di tempat", "read in place", c("read_in_place")),
        ]);
        self.push("</section>\n");
    }

    fn collection(&mut self, report: &Value) {
        self.section_start("koleksi", "Koleksi", "Collection");
        let c = |key: &str| num(report, &["collection", key]);
        self.figures(&[
            ("Judul", "titles", c("titles")),
            ("Eksemplar", "items", c("items")),
            ("Eksemplar baru", "new items", c("new_items")),
            (
                "Terbitan 5 tahun terakhir (%)",
                "published in the last five years",
                c("recent_share").map(|s| s * 100.0),
            ),
        ]);
        self.push("</section>\n");
    }

    fn activities(&mut self, report: &Value) {
        self.section_start("kegiatan", "Kegiatan", "Activities");
        let by_strategy = map(report, &["activities", "by_strategy"]);
        let field = |m: Option<&Map<String, Value>>, key: &str| -> Vec<(String, f64)> {
            m.map(|m| {
                m.iter()
                    .map(|(code, v)| {
                        let n = v
                            .get(key)
                            .and_then(as_number)
                            .or_else(|| as_number(v))
                            .unwrap_or(0.0);
                        (code.clone(), n)
                    })
                    .collect()
            })
            .unwrap_or_default()
        };
        self.push("<div class=\"grid2\">\n");
        self.hbar_chart(
            "activities",
            "Kegiatan per strategi <span class=\"en\">activities by strategy</span>",
            &field(by_strategy, "activities"),
            "k-activities",
            "kegiatan (activities)",
        );
        self.hbar_chart(
            "participants",
            "Peserta per strategi <span class=\"en\">participants by strategy</span>",
            &field(by_strategy, "participants"),
            "k-participants",
            "peserta (participants)",
        );
        self.push("</div>\n");
        let a = |key: &str| num(report, &["activities", key]);
        self.figures(&[
            ("Jumlah kegiatan", "activities", a("count")),
            ("Jumlah peserta", "participants", a("participants")),
            (
                "Di luar perpustakaan",
                "outside the library",
                a("outside_library"),
            ),
            (
                "Di dalam perpustakaan",
                "inside the library",
                a("inside_library"),
            ),
            (
                "Pertemuan pemangku kepentingan",
                "stakeholder meetings",
                a("stakeholder_meetings"),
            ),
            (
                "Perwakilan pemangku kepentingan",
                "stakeholder representatives",
                a("stakeholder_representatives"),
            ),
            ("Cerita dampak", "impact stories", a("impact_stories")),
        ]);
        self.push("<div class=\"grid2\">\n");
        self.breakdown("Menurut strategi", "by strategy", by_strategy);
        self.breakdown(
            "Menurut jenis kegiatan",
            "by activity type",
            map(report, &["activities", "by_type"]),
        );
        for (key, id, en) in [
            (
                "gender",
                "Peserta menurut jenis kelamin",
                "participants by gender",
            ),
            ("age_group", "Peserta menurut kelompok umur", "by age group"),
            ("disability", "Peserta menurut disabilitas", "by disability"),
            ("occupation", "Peserta menurut pekerjaan", "by occupation"),
            ("education", "Peserta menurut pendidikan", "by education"),
        ] {
            self.breakdown(id, en, map(report, &["activities", "participants_by", key]));
        }
        self.push("</div>\n</section>\n");
    }

    fn indicators(&mut self, report: &Value) {
        let Some(ind) = at(report, &["indicators"]).filter(|v| v.is_object()) else {
            return;
        };
        self.section_start(
            "indikator",
            "Indikator IPLM",
            "literacy development index inputs",
        );
        let i = |key: &str| num(ind, &[key]);
        self.figures(&[
            (
                "Penduduk yang dilayani",
                "population served",
                i("population"),
            ),
            (
                "Kunjungan per hari per penduduk",
                "daily visits per person",
                i("daily_visits_per_person"),
            ),
            (
                "Anggota per penduduk",
                "members per person",
                i("members_per_person"),
            ),
            (
                "Koleksi per penduduk",
                "collection per person",
                i("collection_per_person"),
            ),
            (
                "Tingkat keterlibatan masyarakat (%)",
                "community involvement rate",
                i("community_involvement_rate"),
            ),
        ]);
        self.push("<h3>Baris KTAK <span class=\"en\">annual row</span></h3>\n");
        let k = |key: &str| num(ind, &["annual_row", key]);
        self.figures(&[
            ("Koleksi", "collection", k("koleksi")),
            ("Tenaga", "staff", k("tenaga")),
            ("Anggota", "members", k("anggota")),
            ("Kunjungan", "visits", k("kunjungan")),
        ]);
        self.push("</section>\n");
    }

    /// Every bucket of `series` as one table row.
    fn series_table(&mut self, report: &Value) {
        self.section_start("rincian", "Rincian per periode", "figures per period");
        let series: &[Value] = at(report, &["series"])
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or(&[]);
        if series.is_empty() {
            self.no_data();
            self.push("</section>\n");
            return;
        }
        let columns: [(&[&str], &str, &str); 10] = [
            (&["visits", "members"], "Kunj. anggota", "member visits"),
            (
                &["visits", "non_members"],
                "Kunj. non-anggota",
                "non-member visits",
            ),
            (&["visits", "group_persons"], "Rombongan", "group persons"),
            (&["visits", "total"], "Kunjungan", "visits"),
            (&["members", "new"], "Anggota baru", "new members"),
            (&["circulation", "loans"], "Pinjam", "loans"),
            (&["circulation", "returns"], "Kembali", "returns"),
            (&["collection", "new_items"], "Eksemplar baru", "new items"),
            (&["activities", "count"], "Kegiatan", "activities"),
            (&["activities", "participants"], "Peserta", "participants"),
        ];
        self.push("<div class=\"scroll\"><table class=\"series\">\n<thead><tr><th>Periode <span class=\"en\">period</span></th>");
        for (_, id, en) in &columns {
            let _ = write!(
                self.html,
                "<th class=\"n\">{id} <span class=\"en\">{en}</span></th>"
            );
        }
        self.push("</tr></thead>\n<tbody>\n");
        for entry in series {
            let label = text(entry, &["label"])
                .or_else(|| text(entry, &["from"]))
                .unwrap_or_default();
            let _ = write!(self.html, "<tr><th scope=\"row\">{}</th>", escape(&label));
            for (path, ..) in &columns {
                let _ = write!(
                    self.html,
                    "<td class=\"n\">{}</td>",
                    fmt_opt(num(entry, path))
                );
            }
            self.push("</tr>\n");
        }
        self.push("</tbody>\n</table></div>\n</section>\n");
    }

    fn finish(mut self) -> String {
        let _ = write!(
            self.html,
            "<footer>pustaka</footer>\n</main>\n<script>{SCRIPT}</script>\n</body>\n</html>\n"
        );
        self.html
    }
}

/// A column name of a breakdown of objects, in Indonesian with the English key.
fn column_label(key: &str) -> String {
    match key {
        "activities" => "Kegiatan <span class=\"en\">activities</span>".into(),
        "participants" => "Peserta <span class=\"en\">participants</span>".into(),
        other => escape(other),
    }
}

/// A bucket label short enough for the axis: `2024-01-15` shows as `15/01`, `2024-01` as
/// `01/24`; anything else is cut to eight characters.
fn short_label(label: &str) -> String {
    let parts: Vec<&str> = label.split('-').collect();
    match parts.as_slice() {
        [y, m, d] if y.len() == 4 && m.len() == 2 && d.len() == 2 => format!("{d}/{m}"),
        [y, m] if y.len() == 4 && m.len() == 2 => format!("{m}/{}", &y[2..]),
        _ => truncate(label, 8),
    }
}

fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(max.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

/// Drops the tags from a fixed caption, for an `aria-label`.
fn strip_tags(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn sample() -> Value {
        json!({
            "period": {"from": "2024-01-01", "to": "2024-03-31", "days": 91},
            "by": "month",
            "visits": {
                "members": 120, "non_members": 45, "group_persons": 30, "total": 195,
                "daily_average": 2.142857,
                "by_gender": {"Laki-laki": 90, "Perempuan": 100, "unknown": 5},
                "by_occupation": {"Pelajar": 80, "<script>alert(1)</script>": 3},
                "by_education": {},
                "by_purpose": {"Membaca": 150},
                "by_location": {"Ruang baca": 195},
                "by_hour": {"08": 40, "09": 60, "13": 95}
            },
            "members": {"total": 300, "new": 12, "active": 80, "by_type": {"Umum": 200, "Pelajar": 100}},
            "circulation": {"loans": 210, "items_lent": 190, "titles_lent": 150, "returns": 200,
                "late_returns": 17, "fines_charged": 34000, "fines_paid": 12000, "read_in_place": 55},
            "collection": {"titles": 1500, "items": 2300, "new_items": 40, "recent_share": 0.125},
            "activities": {
                "count": 6, "participants": 140,
                "by_strategy": {
                    "layanan_informasi": {"activities": 2, "participants": 40},
                    "pelibatan_masyarakat": {"activities": 3, "participants": 90},
                    "advokasi": {"activities": 1, "participants": 10}
                },
                "by_type": {"pelatihan": {"activities": 4, "participants": 100}},
                "participants_by": {"gender": {"Perempuan": 80, "Laki-laki": 60}, "age_group": {},
                    "disability": {"none": 130, "fisik": 10}, "occupation": {}, "education": {}},
                "outside_library": 2, "inside_library": 4, "stakeholder_meetings": 1,
                "stakeholder_representatives": 7, "impact_stories": 2
            },
            "indicators": null,
            "series": [
                {"label": "2024-01", "from": "2024-01-01", "to": "2024-01-31",
                 "visits": {"members": 40, "non_members": 20, "group_persons": 30, "total": 90},
                 "activities": {"count": 2, "participants": 50}},
                {"label": "2024-02", "from": "2024-02-01", "to": "2024-02-29",
                 "visits": {"members": 50, "non_members": 0, "group_persons": 0, "total": 50}},
                {"label": "2024-03 <b>", "from": "2024-03-01", "to": "2024-03-31",
                 "visits": {"members": 30, "non_members": 25, "group_persons": 0, "total": 55}}
            ]
        })
    }

    fn count(html: &str, needle: &str) -> usize {
        html.matches(needle).count()
    }

    #[test]
    fn one_bucket_per_series_entry_and_one_bar_per_non_zero_kind() {
        let html = render(&sample());
        assert_eq!(count(&html, "<g class=\"bucket\""), 3);
        // 2024-01: three kinds, 2024-02: members only, 2024-03: members and non-members.
        assert_eq!(count(&html, "data-series=\"members\""), 3);
        assert_eq!(count(&html, "data-series=\"non_members\""), 2);
        assert_eq!(count(&html, "data-series=\"group_persons\""), 1);
        // Three hours with visits; three strategies, each with activities and participants.
        assert_eq!(count(&html, "data-series=\"hour\""), 3);
        assert_eq!(count(&html, "data-series=\"activities\""), 3);
        assert_eq!(count(&html, "data-series=\"participants\""), 3);
        assert_eq!(count(&html, "<rect class=\"bar"), 6 + 3 + 6);
        assert!(html.contains("data-label=\"2024-01\" data-total=\"90\""));
        assert!(html.contains(
            "data-series=\"participants\" data-label=\"pelibatan_masyarakat\" data-value=\"90\""
        ));
    }

    #[test]
    fn the_tallest_bucket_fills_the_scale_it_sets() {
        let html = render(&sample());
        // The axis tops at 100 for a largest bucket of 90. The plot is 508 wide and 208
        // high (560 x 260 less margins): each of 3 buckets is 169.33 wide, its bar 72 % of
        // that (121.92) and centred (x = 44 + 23.71). January stacks 40 members (83.2
        // high) and 20 non-members (41.6) under 30 group persons (62.4), whose top is at
        // 218 - 187.2 = 30.8.
        assert!(html.contains(">100</text>"));
        assert!(html.contains(
            "data-series=\"group_persons\" data-value=\"30\" x=\"67.71\" y=\"30.80\" \
             width=\"121.92\" height=\"62.40\""
        ));
    }

    #[test]
    fn axis_tops_are_round_in_quarters() {
        assert_eq!(nice_max(0.0), 4.0);
        assert_eq!(nice_max(3.0), 4.0);
        assert_eq!(nice_max(90.0), 100.0);
        assert_eq!(nice_max(300.0), 300.0);
        assert_eq!(nice_max(301.0), 400.0);
        assert_eq!(nice_max(1100.0), 1200.0);
        assert_eq!(nice_max(1700.0), 2000.0);
    }

    #[test]
    fn text_from_the_data_is_escaped() {
        let html = render(&sample());
        assert!(!html.contains("<script>alert(1)"));
        assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(html.contains("data-label=\"2024-03 &lt;b&gt;\""));
        assert!(!html.contains("2024-03 <b>"));
        assert_eq!(count(&html, "<script>"), 1, "only the page's own script");
    }

    #[test]
    fn figures_use_indonesian_notation() {
        assert_eq!(fmt_num(34000.0), "34.000");
        assert_eq!(fmt_num(2.142857), "2,14");
        assert_eq!(fmt_num(1234567.5), "1.234.567,5");
        assert_eq!(fmt_num(0.0), "0");
        assert_eq!(fmt_num(-1500.0), "-1.500");
        let html = render(&sample());
        assert!(html.contains("<td class=\"n\">34.000</td>"));
        // recent_share 0.125 shows as 12,5 %.
        assert!(html.contains("<td class=\"n\">12,5</td>"));
    }

    #[test]
    fn indicators_show_only_when_present() {
        let mut report = sample();
        assert!(!render(&report).contains("id=\"indikator\""));
        report["indicators"] = json!({
            "population": 5000, "daily_visits_per_person": 0.0004,
            "members_per_person": 0.06, "collection_per_person": 0.46,
            "community_involvement_rate": 2.8,
            "annual_row": {"koleksi": 2300, "tenaga": 2, "anggota": 300, "kunjungan": 195}
        });
        let html = render(&report);
        assert!(html.contains("id=\"indikator\""));
        assert!(html.contains("Penduduk yang dilayani <span class=\"en\">population served</span></th><td class=\"n\">5.000</td>"));
        assert!(html.contains("Tenaga <span class=\"en\">staff</span></th><td class=\"n\">2</td>"));
    }

    #[test]
    fn an_empty_report_renders_no_data_without_panicking() {
        for report in [
            json!({}),
            json!(null),
            json!({"series": [], "visits": {"by_hour": {}}}),
        ] {
            let html = render(&report);
            assert!(html.starts_with("<!DOCTYPE html>"));
            assert!(html.ends_with("</html>\n"));
            assert_eq!(count(&html, "class=\"bar"), 0);
            assert_eq!(count(&html, "<g class=\"bucket\""), 0);
            // Visits chart, hour chart, 5 visit breakdowns, member types, 2 strategy
            // charts, 2 activity breakdowns, 5 participant breakdowns, series table.
            assert_eq!(count(&html, "class=\"nodata\""), 18);
        }
    }

    #[test]
    fn a_bucket_with_no_visits_is_kept_but_draws_nothing() {
        let report = json!({"by": "day", "series": [
            {"label": "2024-05-01", "visits": {"members": 0, "non_members": 0, "group_persons": 0}},
            {"label": "2024-05-02", "visits": {"members": 4}}
        ]});
        let html = render(&report);
        assert_eq!(count(&html, "<g class=\"bucket\""), 2);
        assert_eq!(count(&html, "<rect class=\"bar"), 1);
        assert!(html.contains("Kunjungan per hari"));
        assert!(html.contains(">01/05</text>"));
    }
}
