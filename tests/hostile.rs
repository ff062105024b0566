//! Hostile inputs through the whole command: every kind of file an archive holds (empty,
//! binary, GBK, UTF-16, cut off, huge, digit runs, quote runs, control characters, broken
//! JSON Lines, odd ids, symlink loops) is either processed correctly or reported as
//! `path: reason` and listed in errors.csv, the rest of the batch goes on, and every
//! output file is whole, also after a `kill -9` in the middle of a run.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

const PAGE: &str = include_str!("fixtures/tongliao-2026-03-21-p1.txt");

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_newsfacts"))
}

/// Run `newsfacts extract -q --no-bom -j 2 -o <out> <inputs>`.
fn extract(out: &Path, inputs: &[&Path]) -> Output {
    let mut cmd = bin();
    cmd.args(["extract", "-q", "--no-bom", "-j", "2", "--date", "2026-03-21", "-o"]).arg(out);
    cmd.args(inputs);
    cmd.output().expect("run newsfacts")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn write(dir: &Path, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
    let p = dir.join(name);
    if let Some(parent) = p.parent() {
        fs::create_dir_all(parent).unwrap();
    }
    fs::write(&p, bytes).unwrap();
    p
}

/// The rows of one CSV table (header checked, every row complete).
fn table(out: &Path, name: &str) -> Vec<csv::StringRecord> {
    let bytes = fs::read(out.join(format!("{name}.csv"))).unwrap_or_else(|e| panic!("{name}.csv: {e}"));
    csv_rows(&bytes, name)
}

fn csv_rows(bytes: &[u8], name: &str) -> Vec<csv::StringRecord> {
    let bytes = bytes.strip_prefix("\u{FEFF}".as_bytes()).unwrap_or(bytes);
    assert!(bytes.ends_with(b"\n"), "{name}: does not end with a line end");
    let mut rdr = csv::ReaderBuilder::new().has_headers(true).from_reader(bytes);
    let width = rdr.headers().unwrap_or_else(|e| panic!("{name}: {e}")).len();
    rdr.records()
        .map(|r| {
            let r = r.unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(r.len(), width, "{name}: short row");
            r
        })
        .collect()
}

/// errors.csv as (path, line, reason).
fn errors(out: &Path) -> Vec<(String, String, String)> {
    table(out, "errors").iter().map(|r| (r[0].to_string(), r[1].to_string(), r[2].to_string())).collect()
}

fn error_for<'a>(errs: &'a [(String, String, String)], path: &Path) -> &'a (String, String, String) {
    let p = path.display().to_string();
    errs.iter().find(|e| e.0 == p).unwrap_or_else(|| panic!("{p} not in errors.csv: {errs:?}"))
}

/// Every JSON file under `dir`, recursively.
fn json_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(rd) = fs::read_dir(&d) else { continue };
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "json") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// A page document, checked: parses whole, and every mention's offsets give its text.
fn doc(path: &Path) -> Value {
    let s = fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let v: Value = serde_json::from_str(&s).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    check_offsets(&v);
    v
}

fn check_offsets(v: &Value) {
    let text: Vec<char> = v["text"].as_str().expect("text").chars().collect();
    for m in v["mentions"].as_array().expect("mentions") {
        let (s, e) = (m["start"].as_u64().unwrap() as usize, m["end"].as_u64().unwrap() as usize);
        assert!(s < e && e <= text.len(), "bad span {s}..{e} of {}", text.len());
        let got: String = text[s..e].iter().collect();
        assert_eq!(got, m["text"].as_str().unwrap(), "offsets of {m}");
    }
    for a in v["articles"].as_array().expect("articles") {
        assert!(a["start"].as_u64().unwrap() <= a["end"].as_u64().unwrap());
        assert!(a["end"].as_u64().unwrap() as usize <= text.len());
    }
}

/// The JSON document written for page `id`.
fn page(out: &Path, id: &str) -> Value {
    doc(&out.join("json").join(format!("{id}.json")))
}

/// Mentions as comparable (kind, text, start, end) tuples.
fn mentions(v: &Value) -> Vec<(String, String, u64, u64)> {
    v["mentions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            (
                m["kind"].as_str().unwrap().to_string(),
                m["text"].as_str().unwrap().to_string(),
                m["start"].as_u64().unwrap(),
                m["end"].as_u64().unwrap(),
            )
        })
        .collect()
}

/// Every output file is whole: JSON parses, CSV tables parse with complete rows.
fn all_outputs_whole(out: &Path) {
    for j in json_files(out) {
        doc(&j);
    }
    for e in fs::read_dir(out).unwrap().flatten() {
        let p = e.path();
        if p.extension().is_some_and(|x| x == "csv") {
            csv_rows(&fs::read(&p).unwrap(), &p.display().to_string());
        }
    }
}

/// The reference result: the sample page as plain UTF-8.
fn reference() -> Value {
    let dir = tempfile::tempdir().unwrap();
    let p = write(dir.path(), "good.txt", PAGE);
    let out = dir.path().join("out");
    let o = extract(&out, &[&p]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    page(&out, "good")
}

fn gb18030(s: &str) -> Vec<u8> {
    encoding_rs::GB18030.encode(s).0.into_owned()
}

fn utf16(s: &str, big_endian: bool) -> Vec<u8> {
    let mut v = if big_endian { vec![0xFE, 0xFF] } else { vec![0xFF, 0xFE] };
    for u in s.encode_utf16() {
        v.extend_from_slice(&if big_endian { u.to_be_bytes() } else { u.to_le_bytes() });
    }
    v
}

#[test]
fn empty_and_blank_files_are_reported_and_the_rest_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let empty = write(dir.path(), "empty.txt", b"");
    let blank = write(dir.path(), "blank.txt", b" \r\n\t\n");
    let good = write(dir.path(), "good.txt", PAGE);
    let out = dir.path().join("out");
    let o = extract(&out, &[&empty, &blank, &good]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains(&format!("{}: empty", empty.display())), "{err}");
    let errs = errors(&out);
    assert!(error_for(&errs, &empty).2.contains("empty"));
    assert!(error_for(&errs, &blank).2.contains("empty"));
    assert!(!page(&out, "good")["mentions"].as_array().unwrap().is_empty());
    all_outputs_whole(&out);
}

#[test]
fn binary_files_named_txt_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let mut png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\x00\x00\x01\x00\x08\x06\x00\x00\x00".to_vec();
    png.extend((0..4000u32).map(|i| (i.wrapping_mul(2654435761) >> 13) as u8));
    let png = write(dir.path(), "scan.txt", png);
    let mut elf = b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\x3e\x00\x01\x00\x00\x00".to_vec();
    elf.extend((0..4000u32).map(|i| if i % 3 == 0 { 0 } else { (i * 7919 % 256) as u8 }));
    let elf = write(dir.path(), "prog.txt", elf);
    // Valid UTF-8, but mostly control bytes: still binary.
    let ctl = write(dir.path(), "ctl.txt", (0..3000u32).map(|i| (i % 9) as u8).collect::<Vec<_>>());
    let good = write(dir.path(), "good.txt", PAGE);
    let out = dir.path().join("out");
    let o = extract(&out, &[&png, &elf, &ctl, &good]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let errs = errors(&out);
    for p in [&png, &elf, &ctl] {
        let reason = &error_for(&errs, p).2;
        assert!(reason.contains("binary") || reason.contains("decode"), "{}: {reason}", p.display());
        assert!(stderr(&o).contains(&format!("{}: ", p.display())));
    }
    assert_eq!(json_files(&out).len(), 1);
    page(&out, "good");
    all_outputs_whole(&out);
}

#[test]
fn gbk_and_utf16_pages_give_the_same_mentions_as_utf8() {
    let want = reference();
    let dir = tempfile::tempdir().unwrap();
    let gb = write(dir.path(), "gb.txt", gb18030(PAGE));
    let le = write(dir.path(), "le.txt", utf16(PAGE, false));
    let be = write(dir.path(), "be.txt", utf16(PAGE, true));
    // UTF-16 LE without a BOM is recognised too when it is plainly UTF-16 (ASCII-heavy).
    let plain = "Xinhua News 2026: 新华社北京3月20日电 国务院总理李强在北京会见了法国总统。".repeat(3);
    let mut nobom = Vec::new();
    for u in plain.encode_utf16() {
        nobom.extend_from_slice(&u.to_le_bytes());
    }
    let nobom = write(dir.path(), "nobom.txt", nobom);
    let out = dir.path().join("out");
    let o = extract(&out, &[&gb, &le, &be, &nobom]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    for id in ["gb", "le", "be"] {
        let got = page(&out, id);
        assert_eq!(got["text"], want["text"], "{id}");
        assert_eq!(mentions(&got), mentions(&want), "{id}");
    }
    assert!(page(&out, "nobom")["text"].as_str().unwrap().contains("李强"));
    all_outputs_whole(&out);
}

#[test]
fn files_cut_in_the_middle_of_a_character_lose_only_that_character() {
    let dir = tempfile::tempdir().unwrap();
    // Cut right after the first byte of the last Chinese character of the page.
    let (last_han, _) = PAGE.char_indices().rfind(|(_, c)| c.len_utf8() == 3).unwrap();
    let whole = &PAGE[..last_han];
    let utf8 = write(dir.path(), "u8.txt", &PAGE.as_bytes()[..last_han + 1]);
    let mut gb = gb18030(whole);
    gb.push(gb18030("政")[0]);
    let gb = write(dir.path(), "gb.txt", gb);
    let mut u16le = utf16(whole, false);
    u16le.push(0x3F); // half a code unit
    let u16le = write(dir.path(), "u16.txt", u16le);
    let mut u16sur = utf16(whole, false);
    u16sur.extend_from_slice(&0xD83Du16.to_le_bytes()); // first half of a surrogate pair (an emoji)
    let u16sur = write(dir.path(), "u16sur.txt", u16sur);
    let reference = write(dir.path(), "ref.txt", whole);
    let out = dir.path().join("out");
    let o = extract(&out, &[&utf8, &gb, &u16le, &u16sur, &reference]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let want = page(&out, "ref");
    for id in ["u8", "gb", "u16", "u16sur"] {
        let got = page(&out, id);
        assert_eq!(got["text"], want["text"], "{id}");
        assert_eq!(mentions(&got), mentions(&want), "{id}");
    }
    all_outputs_whole(&out);
}

#[test]
fn a_20_mb_page_without_a_line_break_finishes() {
    let dir = tempfile::tempdir().unwrap();
    let flat: String = PAGE.split_whitespace().collect::<Vec<_>>().join("");
    let mut big = String::with_capacity(21 << 20);
    while big.len() < 20 << 20 {
        big.push_str(&flat);
    }
    let huge = write(dir.path(), "huge.txt", &big);
    // And 2 MB of Chinese with no punctuation at all: one "sentence".
    let han: String = flat.chars().filter(|c| ('\u{4E00}'..='\u{9FFF}').contains(c)).collect();
    let mut solid = String::new();
    while solid.len() < 2 << 20 {
        solid.push_str(&han);
    }
    let solid = write(dir.path(), "solid.txt", &solid);
    let out = dir.path().join("out");
    let o = extract(&out, &[&huge, &solid]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v = page(&out, "huge");
    assert!(!v["text"].as_str().unwrap().contains('\n'));
    assert!(mentions(&v).iter().any(|m| m.1 == "习近平"));
    page(&out, "solid");
    all_outputs_whole(&out);
}

#[test]
fn a_number_of_100_000_digits_gives_valid_json() {
    let dir = tempfile::tempdir().unwrap();
    let digits: String = (0..100_000).map(|i| char::from(b'1' + (i % 9) as u8)).collect();
    let text = format!(
        "通辽市全年地区生产总值{digits}亿元，增长{digits}.{digits}%。\n人口{}万人，1e999元，{}。\n{PAGE}",
        "９".repeat(50_000),
        "一".repeat(30_000) + "万亿"
    );
    let p = write(dir.path(), "digits.txt", text);
    let out = dir.path().join("out");
    let o = extract(&out, &[&p]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let raw = fs::read_to_string(out.join("json/digits.json")).unwrap();
    for bad in ["NaN", "Infinity", "inf"] {
        assert!(!raw.contains(bad), "{bad} in JSON");
    }
    page(&out, "digits");
    for t in ["figures", "mentions"] {
        for r in table(&out, t) {
            for f in r.iter() {
                assert!(!matches!(f, "NaN" | "inf" | "-inf" | "Infinity"), "{t}: {f}");
            }
        }
    }
    all_outputs_whole(&out);
}

#[test]
fn runs_of_20_000_quotation_marks_finish() {
    let dir = tempfile::tempdir().unwrap();
    let mut inputs = Vec::new();
    for (name, q) in [("ascii", "\""), ("curly", "“"), ("close", "”"), ("mixed", "“”「」‘’＂『』《》\"")]
    {
        let mut run = String::new();
        while run.chars().count() < 20_000 {
            run.push_str(q);
        }
        let text = format!(
            "{run}\n“不忘初心”{run}牢记使命\n{}\n{PAGE}",
            run.chars().flat_map(|c| [c, '中']).collect::<String>()
        );
        inputs.push(write(dir.path(), &format!("{name}.txt"), text));
    }
    let out = dir.path().join("out");
    let refs: Vec<&Path> = inputs.iter().map(PathBuf::as_path).collect();
    let o = extract(&out, &refs);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    for name in ["ascii", "curly", "close", "mixed"] {
        page(&out, name);
    }
    all_outputs_whole(&out);
}

#[test]
fn stray_control_characters_are_text_not_binary() {
    let dir = tempfile::tempdir().unwrap();
    let mut dirty = String::new();
    for (i, c) in PAGE.chars().enumerate() {
        dirty.push(c);
        if i % 97 == 0 {
            dirty.push(
                ['\0', '\u{1}', '\u{7}', '\u{8}', '\u{B}', '\u{C}', '\u{1B}', '\u{7F}', '\u{85}', '\u{9F}']
                    [i / 97 % 10],
            );
        }
    }
    let p = write(dir.path(), "dirty.txt", &dirty);
    // In a JSON Lines record as well (escaped).
    let rec = serde_json::json!({"id": "rec", "text": dirty}).to_string();
    let j = write(dir.path(), "dirty.jsonl", rec + "\n");
    let out = dir.path().join("out");
    let o = extract(&out, &[&p, &j]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let want = reference();
    for id in ["dirty", "rec"] {
        let v = page(&out, id);
        assert!(!v["text"].as_str().unwrap().contains('\0'));
        let got: BTreeSet<String> = mentions(&v).into_iter().map(|m| m.1).collect();
        for name in ["习近平", "通辽"] {
            assert!(got.contains(name) || !mentions(&want).iter().any(|m| m.1 == name), "{id}: {name}");
        }
    }
    all_outputs_whole(&out);
}

#[test]
fn offsets_stay_right_around_emoji_zero_width_and_boms() {
    let dir = tempfile::tempdir().unwrap();
    let mut odd = String::from("\u{FEFF}");
    for (i, line) in PAGE.lines().enumerate() {
        let mut l = String::new();
        for (k, c) in line.chars().enumerate() {
            l.push(c);
            match (i + k) % 13 {
                0 => l.push('😀'),
                3 => l.push('\u{200B}'),
                5 => l.push('\u{FEFF}'),
                7 => l.push_str("👨‍👩‍👧"),
                9 => l.push('\u{1}'),
                11 => l.push('\u{E000}'),
                _ => {}
            }
        }
        odd.push_str(&l);
        odd.push_str(if i % 2 == 0 { "\r\n" } else { "\u{2028}" });
    }
    let p = write(dir.path(), "odd.txt", &odd);
    let p16 = write(dir.path(), "odd16.txt", utf16(&odd, true));
    let out = dir.path().join("out");
    let o = extract(&out, &[&p, &p16]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    for id in ["odd", "odd16"] {
        let v = page(&out, id); // checks every offset
        assert!(mentions(&v).len() > 10, "{id}");
        assert!(v["text"].as_str().unwrap().contains('😀'));
    }
    // The CSV tables carry the same offsets.
    let v = page(&out, "odd");
    let text: Vec<char> = v["text"].as_str().unwrap().chars().collect();
    for r in table(&out, "mentions").iter().filter(|r| &r[0] == "odd") {
        let (s, e): (usize, usize) = (r[4].parse().unwrap(), r[5].parse().unwrap());
        assert_eq!(text[s..e].iter().collect::<String>(), r[6]);
    }
    all_outputs_whole(&out);
}

#[test]
fn broken_json_lines_are_reported_with_line_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let good = |id: &str| serde_json::json!({"id": id, "text": PAGE, "date": "2026-03-21"}).to_string();
    let mut bytes = Vec::new();
    let lines: Vec<Vec<u8>> = vec![
        good("a").into_bytes(),                                              // 1
        b"{\"id\": \"b\", \"text\": \"unterminated".to_vec(),                // 2 bad JSON
        b"{\"id\": \"c\"}".to_vec(),                                         // 3 no text
        b"[1, 2, 3]".to_vec(),                                               // 4 not an object
        b"\"just a string\"".to_vec(),                                       // 5 not an object
        b"{\"id\": \"d\", \"text\": \"\xB9\xFA\xCE\xF1\xD4\xBA\"}".to_vec(), // 6 GBK bytes: not UTF-8
        b"{\"id\": \"e\", \"text\": 42}".to_vec(),                           // 7 text not a string
        Vec::new(),                                                          // 8 blank: skipped
        "[".repeat(100_000).into_bytes(),                                    // 9 deep nesting
        b"{\"id\": \"f\", \"text\": \"\"}".to_vec(),                         // 10 empty text
        good("g").into_bytes(),                                              // 11
        b"{\"id\": \"h\", \"text\": \"\\ud800\"}".to_vec(),                  // 12 lone surrogate escape
        b"\x00\x00\x00\x00".to_vec(),                                        // 13 NUL bytes
        good("i").into_bytes(),                                              // 14, no line end after it
    ];
    for (i, l) in lines.iter().enumerate() {
        bytes.extend_from_slice(l);
        if i + 1 < lines.len() {
            bytes.push(b'\n');
        }
    }
    let p = write(dir.path(), "recs.jsonl", bytes);
    // A JSON Lines file cut in the middle of its last record.
    let cut = good("j");
    let mut cut_file = format!("{}\n", good("k")).into_bytes();
    cut_file.extend_from_slice(&cut.as_bytes()[..cut.len() / 2]);
    let q = write(dir.path(), "cut.jsonl", cut_file);
    let out = dir.path().join("out");
    let o = extract(&out, &[&p, &q]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    let errs = errors(&out);
    let src = p.display().to_string();
    let mut bad_lines: Vec<usize> =
        errs.iter().filter(|e| e.0 == src).map(|e| e.1.parse().expect("line number")).collect();
    bad_lines.sort();
    assert_eq!(bad_lines, [2, 3, 4, 5, 6, 7, 9, 10, 12, 13], "{errs:?}");
    for l in &bad_lines {
        assert!(err.contains(&format!("{src}:{l}: ")), "line {l} not on stderr: {err}");
    }
    let cut_src = q.display().to_string();
    assert!(errs.iter().any(|e| e.0 == cut_src && e.1 == "2"), "{errs:?}");
    for id in ["a", "g", "i", "k"] {
        assert!(!mentions(&page(&out, id)).is_empty(), "{id}");
    }
    assert_eq!(json_files(&out).len(), 4);
    all_outputs_whole(&out);
}

#[test]
fn duplicate_record_ids_are_both_kept_and_reported() {
    let dir = tempfile::tempdir().unwrap();
    let rec = |id: &str, text: &str| serde_json::json!({"id": id, "text": text}).to_string();
    let body = [
        rec("p1", "国务院总理李强在北京会见了法国总统。"),
        rec("p1", "通辽市委书记在科左后旗调研。"),
        rec("P1", "第三条记录。"),
    ]
    .join("\n");
    let p = write(dir.path(), "dup.jsonl", body);
    let out = dir.path().join("out");
    let o = extract(&out, &[&p]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let files = json_files(&out);
    assert_eq!(files.len(), 3, "{files:?}");
    let texts: BTreeSet<String> = files.iter().map(|f| doc(f)["text"].as_str().unwrap().to_string()).collect();
    assert_eq!(texts.len(), 3);
    let errs = errors(&out);
    assert_eq!(errs.iter().filter(|e| e.2.contains("duplicate id")).count(), 2, "{errs:?}");
    assert!(errs.iter().any(|e| e.1 == "2"));
    all_outputs_whole(&out);
}

#[test]
fn ids_never_write_outside_the_output_folder() {
    let dir = tempfile::tempdir().unwrap();
    let ids = [
        "../x",
        "/x",
        "../../../../../../tmp/newsfacts-escape",
        "a/../../y",
        "..\\..\\z",
        "C:\\w",
        ".",
        "..",
        "",
        "json/../../v",
        "nul\u{0}byte",
        "con",
        "x.json",
        "q.partial",
        "~",
        "a//b///c",
    ];
    let body: Vec<String> = ids
        .iter()
        .map(|id| serde_json::json!({"id": id, "text": "国务院总理李强在北京会见了法国总统。"}).to_string())
        .collect();
    let inner = dir.path().join("in");
    let p = write(&inner, "ids.jsonl", body.join("\n"));
    let out = dir.path().join("nest/out");
    let before: BTreeSet<PathBuf> = walk_all(dir.path()).into_iter().collect();
    let o = extract(&out, &[&p]);
    assert!(matches!(o.status.code(), Some(0 | 1)), "{}", stderr(&o));
    let after: BTreeSet<PathBuf> = walk_all(dir.path()).into_iter().collect();
    for new in after.difference(&before) {
        assert!(new.starts_with(&out) || out.starts_with(new), "written outside the output folder: {}", new.display());
    }
    assert!(!Path::new("/tmp/newsfacts-escape.json").exists());
    // Every record has its own file, none ends in .partial.
    let files = json_files(&out);
    assert_eq!(files.len(), ids.len(), "{files:?}");
    assert!(walk_all(&out).iter().all(|p| !p.to_string_lossy().ends_with(".partial")));
    all_outputs_whole(&out);
}

fn walk_all(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if e.file_type().is_ok_and(|t| t.is_dir()) {
                stack.push(p.clone());
            }
            out.push(p);
        }
    }
    out
}

#[test]
fn same_file_names_in_different_folders_are_both_kept() {
    let dir = tempfile::tempdir().unwrap();
    let a = write(dir.path(), "2026-03-20/p1.txt", "国务院总理李强在北京会见了法国总统。");
    let b = write(dir.path(), "2026-03-21/p1.txt", "通辽市委书记在科左后旗调研。");
    let c = write(dir.path(), "2026-03-21/P1.TXT", "第三个文件的内容。");
    // As a directory: ids are relative paths.
    let out = dir.path().join("out1");
    let o = extract(&out, &[dir.path()]);
    assert!(matches!(o.status.code(), Some(0 | 1)), "{}", stderr(&o));
    assert_eq!(json_files(&out).len(), 3, "{:?}", json_files(&out));
    // Named one by one: the same stem, kept under new names and reported.
    let out = dir.path().join("out2");
    let o = extract(&out, &[&a, &b, &c]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let files = json_files(&out);
    assert_eq!(files.len(), 3, "{files:?}");
    let texts: BTreeSet<String> = files.iter().map(|f| doc(f)["text"].as_str().unwrap().to_string()).collect();
    assert_eq!(texts.len(), 3);
    assert_eq!(errors(&out).iter().filter(|e| e.2.contains("duplicate id")).count(), 2);
    all_outputs_whole(&out);
}

#[cfg(unix)]
#[test]
fn symlink_loops_do_not_hang() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("archive");
    write(&root, "a/p1.txt", "国务院总理李强在北京会见了法国总统。");
    write(&root, "b/p2.txt", "通辽市委书记在科左后旗调研。");
    symlink(&root, root.join("a/loop")).unwrap(); // back to the root
    symlink("..", root.join("b/up")).unwrap(); // relative loop
    symlink(root.join("a"), root.join("b/to_a")).unwrap(); // a second way into a/
    symlink("self.txt", root.join("self.txt")).unwrap(); // a link to itself
    symlink("nowhere.txt", root.join("dangling.txt")).unwrap();
    let out = dir.path().join("out");
    let mut child = bin()
        .args(["extract", "-q", "-j", "2", "-o"])
        .arg(&out)
        .arg(&root)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let t = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if t.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            panic!("hangs on a symlink loop");
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    assert_eq!(status.code(), Some(1));
    assert_eq!(json_files(&out.join("json")).len(), 2, "{:?}", json_files(&out));
    // The links that lead nowhere are named.
    let errs = errors(&out);
    error_for(&errs, &root.join("self.txt"));
    error_for(&errs, &root.join("dangling.txt"));
    assert_eq!(errs.len(), 2, "{errs:?}");
    all_outputs_whole(&out);
}

#[test]
fn an_output_path_that_cannot_be_written_is_an_error_before_any_work() {
    let dir = tempfile::tempdir().unwrap();
    let good = write(dir.path(), "good.txt", PAGE);
    let missing = dir.path().join("missing.txt");
    let file = write(dir.path(), "out.txt", b"not a folder");
    for target in [file.clone(), file.join("sub")] {
        let o = extract(&target, &[&good, &missing]);
        assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
        let err = stderr(&o);
        assert!(err.contains(&target.display().to_string()), "{err}");
        assert!(!err.contains("missing.txt"), "work was done: {err}");
        assert_eq!(err.lines().count(), 1, "{err}");
    }
    assert_eq!(fs::read(&file).unwrap(), b"not a folder");
    // A folder without write permission (meaningless as root, who may write anyway).
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let ro = dir.path().join("ro");
        fs::create_dir(&ro).unwrap();
        fs::set_permissions(&ro, fs::Permissions::from_mode(0o555)).unwrap();
        if fs::write(ro.join("probe"), b"").is_err() {
            let o = extract(&ro, &[&good]);
            assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
            assert!(stderr(&o).contains("ro"), "{}", stderr(&o));
        }
        fs::set_permissions(&ro, fs::Permissions::from_mode(0o755)).unwrap();
    }
}

#[test]
fn a_mix_of_everything_in_one_folder() {
    // The held-out batch in small: every good file written, every bad file named.
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("in");
    let good = ["g1.txt", "sub/g2.txt", "sub/deeper/g3.txt"];
    for g in good {
        write(&root, g, PAGE);
    }
    write(&root, "gbk.txt", gb18030(PAGE));
    write(&root, "u16.txt", utf16(PAGE, false));
    let bad = ["empty.txt", "bin.txt", "zeros.txt"];
    write(&root, "empty.txt", b"");
    write(&root, "bin.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe\xfd");
    write(&root, "zeros.txt", vec![0u8; 4096]);
    write(&root, "recs.jsonl", format!("{}\nnot json\n", serde_json::json!({"id": "r1", "text": PAGE})));
    write(&root, "ignored.bin", b"\x00\x01");
    let out = dir.path().join("out");
    let o = extract(&out, &[&root]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let errs = errors(&out);
    for b in bad {
        error_for(&errs, &root.join(b));
    }
    let recs = root.join("recs.jsonl").display().to_string();
    assert!(errs.iter().any(|e| e.0 == recs && e.1 == "2"));
    assert_eq!(errs.len(), bad.len() + 1, "{errs:?}");
    for id in ["g1", "sub/g2", "sub/deeper/g3", "gbk", "u16", "r1"] {
        assert!(!mentions(&page(&out, id)).is_empty(), "{id}");
    }
    let pages: BTreeSet<String> = table(&out, "articles").iter().map(|r| r[0].to_string()).collect();
    assert_eq!(pages.len(), 6, "{pages:?}");
    all_outputs_whole(&out);
}

#[cfg(unix)]
#[test]
fn kill_9_in_the_middle_of_a_run_leaves_only_whole_files() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("in");
    fs::create_dir_all(&root).unwrap();
    for i in 0..600 {
        fs::write(root.join(format!("p{i:04}.txt")), PAGE).unwrap();
    }
    // Kill at a few moments: early, with pages written, and (if it gets there) later.
    for (round, wait_for) in [(0, 1usize), (1, 40), (2, 200)].into_iter() {
        let out = dir.path().join(format!("out{round}"));
        let mut child = bin()
            .args(["extract", "-q", "-j", "2", "-o"])
            .arg(&out)
            .arg(&root)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let t = Instant::now();
        let mut finished = false;
        loop {
            if child.try_wait().unwrap().is_some() {
                finished = true;
                break;
            }
            if json_files(&out).len() >= wait_for || t.elapsed() > Duration::from_secs(60) {
                break;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        child.kill().ok(); // SIGKILL
        child.wait().unwrap();
        all_outputs_whole(&out);
        if !finished {
            // Killed mid-run: the tables were never renamed into place.
            let csvs =
                fs::read_dir(&out).unwrap().flatten().filter(|e| e.path().extension().is_some_and(|x| x == "csv"));
            assert_eq!(csvs.count(), 0, "round {round}: CSV tables of an unfinished run");
        }
    }
}
