//! Bylines and datelines: how a line that names the authors or the wire dateline is
//! recognised (本报讯（记者 李娜）, 新华社记者 胡锦涛, 新华社北京3月20日电, 本报记者 张三 李四)
//! and what it says: the authors with their roles, and the dateline's place and date.
//! Used by `normalize` (a byline is never glued to the text around it) and by `articles`.

use regex::Regex;
use std::sync::LazyLock;

use crate::model::Author;

/// Who writes for a paper: the words that stand before names in a byline.
const ROLES: &[&str] = &[
    "本报特约评论员",
    "本报评论员",
    "本报特约记者",
    "本报见习记者",
    "本报实习生",
    "本报通讯员",
    "本报记者",
    "特约记者",
    "见习记者",
    "实习记者",
    "首席记者",
    "摄影记者",
    "融媒体记者",
    "全媒体记者",
    "新华社记者",
    "新华社通讯员",
    "记者",
    "通讯员",
    "实习生",
    "特约撰稿人",
    "评论员",
    "撰稿",
    "摄影",
    "文/图",
    "图/文",
    "文图",
    "文",
    "图",
];

/// Agencies and media that open a byline or a dateline.
const MEDIA: &str = r"(?:新华社|本报|中新社|中新网|人民网|新华网|央视网|光明网|央广网|国际在线|法治日报|经济日报|人民日报|光明日报|工人日报|中国日报|科技日报|农民日报|中国青年报|[\p{Han}]{2,6}(?:日报|晚报|都市报|广播电视台|融媒体中心|新闻网))";

static BYLINE_START: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^(?:[□■●◆▲★☆◎]\s*)?(?:本报讯|{MEDIA}\s*(?:特约|见习|首席|实习)?(?:记者|通讯员)|{MEDIA}[\p{{Han}}]{{0,10}}?\d{{1,2}}月\d{{1,2}}日(?:\d{{1,2}}时)?[电讯]|{MEDIA}\s*(?:特约)?评论员|{MEDIA}讯|{MEDIA}电\s|(?:据)?新华社电|(?:文|图|文图|图文|摄影)\s*[/／]\s*(?:图\s*[/／]?\s*)?(?:本报)?(?:特约|见习|首席|实习|融媒体)?(?:记者|通讯员)?\s*[\p{{Han}}·]{{2,4}}|（(?:本报)?(?:特约|见习|首席|实习)?记者|(?:特约|见习|首席|实习|摄影)?记者\s|通讯员\s|(?:本报)?(?:特约|见习|首席|实习)?记者[\p{{Han}}·]{{2,4}}\s*$)"
    ))
    .expect("byline regex")
});

static DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^(?:[□■●◆▲★☆◎]\s*)?({MEDIA})?\s*(?:(?:特约|见习|首席|实习)?记者[\p{{Han}}· ]{{2,20}}?\s*)?([\p{{Han}}]{{2,8}}?)(\d{{1,2}})月(\d{{1,2}})日(?:\d{{1,2}}时)?[电讯]"
    ))
    .expect("dateline regex")
});

static NAME: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[\p{Han}]{2,4}$|^[\p{Han}]{1,8}(?:·[\p{Han}]{1,8}){1,3}$").expect("name regex"));

/// The line opens with a byline or a dateline.
pub fn starts_byline(line: &str) -> bool {
    BYLINE_START.is_match(line)
}

/// The whole line is a byline and nothing else: 新华社记者 胡锦涛, 本报记者 张三 李四.
pub fn is_byline_only(line: &str) -> bool {
    let line = line.trim();
    if !starts_byline(line) || line.chars().count() > 40 {
        return false;
    }
    if line.contains('。') || line.contains('，') {
        return false;
    }
    if DATELINE.is_match(line) {
        return false;
    }
    let inner = line.trim_start_matches(['（', '■', '□', '●', '◆', '▲', '★', '☆', '◎', ' ']).trim_end_matches('）');
    let (authors, rest) = parse_authors(inner);
    !authors.is_empty() && rest.trim().is_empty()
}

/// The line ends inside the byline's parentheses: 本报讯（记者 常宏亮 梁超
pub fn in_open_byline(line: &str) -> bool {
    match line.rfind('（') {
        Some(i) => !line[i..].contains('）'),
        None => false,
    }
}

/// What a byline or dateline says.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Byline {
    pub authors: Vec<Author>,
    /// The dateline's place and (month, day), when the line has one.
    pub dateline: Option<(String, u32, u32)>,
    /// Byte length of the byline at the start of the line (what is not body text).
    pub len: usize,
}

/// Parse the byline or dateline that opens `line`. None when the line has none.
pub fn parse(line: &str) -> Option<Byline> {
    if !starts_byline(line) {
        return None;
    }
    // Decorations before a byline (■本报记者) are not part of it.
    let deco = line.len() - line.trim_start_matches(['■', '□', '●', '◆', '▲', '★', '☆', '◎', ' ']).len();
    let mut b = parse_plain(&line[deco..])?;
    b.len += deco;
    Some(b)
}

fn parse_plain(line: &str) -> Option<Byline> {
    let mut out = Byline::default();
    let mut pos = 0;
    if let Some(c) = DATELINE.captures(line) {
        if let (Some(place), Some(m), Some(d)) = (c.get(2), c.get(3), c.get(4)) {
            let month = m.as_str().parse().unwrap_or(0);
            let day = d.as_str().parse().unwrap_or(0);
            let place = place.as_str().trim_start_matches("记者").to_string();
            out.dateline = Some((place, month, day));
        }
        let whole = c.get(0).map_or("", |m| m.as_str());
        // 新华社记者 张三 北京3月20日电: names before the place.
        let (authors, _) = parse_authors(whole);
        out.authors.extend(authors.into_iter().filter(|a| a.role.is_some()));
        pos = c.get(0).map_or(0, |m| m.end());
    }
    let rest = &line[pos..];
    let trimmed = rest.trim_start();
    let lead = rest.len() - trimmed.len();
    if let Some(stripped) = trimmed.strip_prefix("本报讯").or_else(|| media_xun(trimmed)) {
        pos += lead + (trimmed.len() - stripped.len());
    }
    let rest = &line[pos..];
    let trimmed = rest.trim_start();
    let lead = rest.len() - trimmed.len();
    if trimmed.starts_with('（') {
        // （记者 李娜） or （记者 常宏亮 梁超 通讯员 何静）
        if let Some(close) = trimmed.find('）') {
            let inner = &trimmed['（'.len_utf8()..close];
            let (authors, _) = parse_authors(inner);
            out.authors.extend(authors);
            pos += lead + close + '）'.len_utf8();
        }
    } else if out.dateline.is_none() && is_byline_only(trimmed) {
        // A line that is only a byline: 本报记者 何晓燕 通讯员 张　彬.
        let (authors, _) = parse_authors(trimmed);
        out.authors.extend(authors);
        pos += trimmed.len() + lead;
    } else if out.dateline.is_none() || ROLES.iter().any(|r| trimmed.starts_with(r)) {
        // 新华社记者 胡锦涛 / 本报记者 张三 李四 (a line of its own) / …电 记者 林明远报道：
        let (authors, rest_len) = parse_authors_prefix(trimmed);
        out.authors.extend(authors);
        pos += lead + rest_len;
    }
    out.len = pos;
    Some(out)
}

static XUN: LazyLock<Regex> = LazyLock::new(|| Regex::new(&format!("^{MEDIA}讯")).expect("xun regex"));
static MEDIA_PREFIX: LazyLock<Regex> = LazyLock::new(|| Regex::new(&format!("^{MEDIA}")).expect("media regex"));

fn media_xun(s: &str) -> Option<&str> {
    XUN.find(s).map(|m| &s[m.end()..])
}

/// Split "记者 常宏亮 梁超 通讯员 何静" into authors; returns the authors and what is left
/// that is not a name.
pub fn parse_authors(s: &str) -> (Vec<Author>, String) {
    let mut authors = Vec::new();
    let mut rest = String::new();
    let mut role: Option<String> = None;
    for word in merge_padded(s.split([' ', '、', '，', '　']).filter(|w| !w.is_empty())) {
        let mut word = word.as_str();
        // 记者 林明远报道：
        word = word.trim_end_matches(['：', ':']);
        if let Some(w) = word.strip_suffix("报道") {
            word = w;
        }
        // An affiliation such as 共享联盟·安吉 or 融媒体中心 stands between names.
        if word.contains('·')
            && (word.contains("联盟") || word.contains("融媒") || word.contains("记者站") || word.contains("中心"))
        {
            continue;
        }
        // A role glued to the name: 记者李娜.
        loop {
            let media_len = media_prefix_len(word);
            let w = &word[media_len..];
            if let Some(r) = ROLES.iter().find(|r| w.starts_with(*r)) {
                role = Some(canonical_role(r));
                word = &w[r.len()..];
                if word.is_empty() {
                    break;
                }
            } else {
                if media_len > 0 && w.is_empty() {
                    word = w;
                }
                break;
            }
        }
        if word.is_empty() {
            continue;
        }
        if NAME.is_match(word) && role.is_some() {
            authors.push(Author { name: word.to_string(), role: role.clone() });
        } else {
            rest.push_str(word);
        }
    }
    (authors, rest)
}

/// Newspapers pad two-character names to three places (林　立): two single Han
/// characters in a row are one name.
fn merge_padded<'a>(words: impl Iterator<Item = &'a str>) -> Vec<String> {
    let words: Vec<&str> = words.collect();
    let single = |w: &str| w.chars().count() == 1 && w.chars().all(|c| c > '\u{2E80}');
    let mut out = Vec::new();
    let mut i = 0;
    while i < words.len() {
        if i + 1 < words.len() && single(words[i]) && single(words[i + 1]) {
            out.push(format!("{}{}", words[i], words[i + 1]));
            i += 2;
        } else {
            out.push(words[i].to_string());
            i += 1;
        }
    }
    out
}

/// The line is a role and nothing else (本报评论员): a byline without a name.
pub fn is_role_only(line: &str) -> bool {
    let line = line.trim().trim_start_matches(['■', '□', '●', '◆', '▲', '★', '☆', '◎', ' ']);
    let rest = &line[media_prefix_len(line)..];
    ROLES.contains(&rest)
}

/// The line ends with a role word, its names on the next line (本报记者 何晓燕 通讯员).
pub fn ends_with_role(line: &str) -> bool {
    let last = line.rsplit(' ').next().unwrap_or("");
    ROLES.iter().any(|r| last.ends_with(r)) && !last.ends_with("评论员") && starts_byline(line)
}

/// Names right at the start of a line (新华社记者 胡锦涛 …); returns them and the byte
/// length of the byline part.
fn parse_authors_prefix(s: &str) -> (Vec<Author>, usize) {
    let mut end = 0;
    let mut authors = Vec::new();
    let mut role: Option<String> = None;
    let mut offset = 0;
    for word in s.split(' ') {
        let start = offset;
        offset += word.len() + 1;
        if word.is_empty() {
            continue;
        }
        // 林明远报道：正文… — the name ends at 报道.
        if let Some((name, _)) = word.split_once("报道") {
            if NAME.is_match(name) && role.is_some() {
                authors.push(Author { name: name.to_string(), role: role.clone() });
                let cut = word.find("报道").map_or(word.len(), |i| i + "报道".len());
                let colon = word[cut..].chars().next().filter(|c| matches!(c, '：' | ':')).map_or(0, char::len_utf8);
                end = start + cut + colon;
                break;
            }
        }
        let (a, rest) = parse_authors_with_role(word, role.clone());
        if !rest.is_empty() {
            break;
        }
        if let Some(last) = a.last() {
            role = last.role.clone();
        } else if let Some(r) = role_only(word) {
            role = Some(r);
        }
        authors.extend(a);
        end = start + word.len();
    }
    (authors, end)
}

fn parse_authors_with_role(word: &str, role: Option<String>) -> (Vec<Author>, String) {
    if role_only(word).is_some() {
        return (Vec::new(), String::new());
    }
    match role {
        Some(r) if NAME.is_match(word) => (vec![Author { name: word.to_string(), role: Some(r) }], String::new()),
        _ => parse_authors(word),
    }
}

fn role_only(word: &str) -> Option<String> {
    let media_len = media_prefix_len(word);
    let w = &word[media_len..];
    ROLES.iter().find(|r| **r == w).map(|r| canonical_role(r))
}

fn media_prefix_len(word: &str) -> usize {
    match MEDIA_PREFIX.find(word) {
        Some(m) if ROLES.iter().any(|r| word[m.end()..].starts_with(r)) => m.end(),
        _ => 0,
    }
}

/// 本报记者, 新华社记者, 特约记者 → 记者; 本报通讯员 → 通讯员.
fn canonical_role(r: &str) -> String {
    if r.ends_with("记者") {
        "记者".to_string()
    } else if r.ends_with("通讯员") {
        "通讯员".to_string()
    } else if r.ends_with("实习生") {
        "实习生".to_string()
    } else {
        r.to_string()
    }
}

/// A line that holds only person names, as under a feature's title (郝文秀; 张三 李四).
pub fn is_name_line(line: &str) -> bool {
    // Names are Han characters and ·: a line with Latin text or punctuation is none, and
    // is ruled out at its first such character rather than split into words.
    if line.contains(|c: char| c.is_ascii_alphanumeric() || c.is_ascii_punctuation() || not_in_names(c)) {
        return false;
    }
    let words = merge_padded(line.split(' ').filter(|w| !w.is_empty()));
    !words.is_empty() && words.len() <= 4 && words.iter().all(|w| NAME.is_match(w))
}

/// Chinese punctuation, which no name (a `NAME`) contains.
const NOT_IN_NAMES: &str = "，。、：；？！“”‘’（）《》【】「」『』…—";

/// Whether `c` is one of [`NOT_IN_NAMES`]: all lie below the Han characters or among the
/// full-width forms, so a Han character is told apart by one comparison.
fn not_in_names(c: char) -> bool {
    !('\u{3400}'..'\u{FF00}').contains(&c) && NOT_IN_NAMES.contains(c)
}

/// The names of a name line (林　立 → 林立).
pub fn name_line_names(line: &str) -> Vec<String> {
    merge_padded(line.split(' ').filter(|w| !w.is_empty()))
}

/// Compile this module's patterns now (see [`crate::Pipeline::warm_up`]).
pub(crate) fn warm_up() {
    for re in [&BYLINE_START, &DATELINE, &NAME, &XUN, &MEDIA_PREFIX] {
        LazyLock::force(re);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(b: &Byline) -> Vec<(String, Option<String>)> {
        b.authors.iter().map(|a| (a.name.clone(), a.role.clone())).collect()
    }

    #[test]
    fn recognises_byline_starts() {
        assert!(starts_byline("本报讯（记者 李娜） 3月20日，"));
        assert!(starts_byline("新华社记者 胡锦涛"));
        assert!(starts_byline("新华社北京3月20日电 中共中央办公厅印发了"));
        assert!(starts_byline("本报北京3月20日电（记者 张三）"));
        assert!(!starts_byline("记者了解到，今年以来"));
        assert!(!starts_byline("本报今年推出新栏目。"));
        assert!(starts_byline("文/图 本报记者 王小明"));
        assert!(starts_byline("新华社电 据报道"));
        assert!(!starts_byline("文化惠民工程持续推进"));
    }

    #[test]
    fn parses_bylines() {
        let b = parse("本报讯（记者 常宏亮 梁超 通讯员 何静） 从“能办”向“好办”").expect("byline");
        assert_eq!(
            names(&b),
            [
                ("常宏亮".into(), Some("记者".into())),
                ("梁超".into(), Some("记者".into())),
                ("何静".into(), Some("通讯员".into()))
            ]
        );
        let b = parse("新华社记者 胡锦涛").expect("byline");
        assert_eq!(names(&b), [("胡锦涛".into(), Some("记者".into()))]);
        assert!(is_byline_only("新华社记者 胡锦涛"));
        assert!(is_byline_only("（记者 张三 李四）"));
        assert!(is_byline_only("■本报记者 王小明"));
        assert!(!is_byline_only("本报讯（记者 李娜） 3月20日，市委召开会议。"));
    }

    #[test]
    fn parses_datelines() {
        let b = parse("新华社北京3月20日电 中共中央办公厅印发了").expect("dateline");
        assert_eq!(b.dateline, Some(("北京".to_string(), 3, 20)));
        let b = parse("新华社北京3月20日电（记者 张三 李四）近日").expect("dateline");
        assert_eq!(b.dateline, Some(("北京".to_string(), 3, 20)));
        assert_eq!(names(&b).len(), 2);
    }

    #[test]
    fn name_lines() {
        assert!(is_name_line("郝文秀"));
        assert!(is_name_line("张三 李四"));
        assert!(is_name_line("阿不都热依木·艾力"));
        assert!(!is_name_line("割舍不断的牵挂"));
        assert!(!is_name_line("张三，李四") && !is_name_line("张三 Li") && !is_name_line("《张三》"));
        // The quick test rejects only what the name pattern rejects too.
        assert!(NOT_IN_NAMES.chars().all(not_in_names) && !not_in_names('张') && !not_in_names('·'));
        for c in NOT_IN_NAMES.chars().chain((0u8..0x80).map(char::from).filter(|c| c.is_ascii_graphic())) {
            assert!(!NAME.is_match(&format!("张{c}")) && !NAME.is_match(&format!("张三{c}李")), "{c}");
        }
        assert_eq!(name_line_names("林 立"), ["林立"]);
        let b = parse("本报北京7月15日讯 记者 林明远报道：国家统计局15日发布数据").expect("byline");
        assert_eq!(b.dateline, Some(("北京".to_string(), 7, 15)));
        let b = parse("本报讯（记者 沈一鸣 共享联盟·安吉 潘晓岚） 4月").expect("byline");
        assert_eq!(names(&b).len(), 2);
        let b = parse("■本报记者 吴思远").expect("byline");
        assert_eq!(names(&b), [("吴思远".into(), Some("记者".into()))]);
        assert!(starts_byline("本报评论员"));
        assert!(is_role_only("本报评论员"));
        let b = parse("本报记者 何晓燕 通讯员 张 彬").expect("byline");
        assert_eq!(names(&b).last().map(|n| n.0.clone()), Some("张彬".to_string()));
    }
}
