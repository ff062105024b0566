//! CLI tests in a temp dir: directory, JSONL and stdin inputs, stdout mode, encodings,
//! bad inputs beside good ones, exit codes, determinism across thread counts.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const PAGE: &str = include_str!("fixtures/tongliao-2026-03-21-p1.txt");

fn newsfacts(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_newsfacts")).current_dir(dir).args(args).output().expect("runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn read_csv(path: &Path) -> Vec<csv::StringRecord> {
    let bytes = fs::read(path).expect("csv exists");
    let body = bytes.strip_prefix("\u{FEFF}".as_bytes()).unwrap_or(&bytes);
    csv::Reader::from_reader(body).records().map(|r| r.expect("valid row")).collect()
}

fn tree(root: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).expect("dir").flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push((p.strip_prefix(root).expect("prefix").to_path_buf(), fs::read(&p).expect("file")));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn help_and_version() {
    let tmp = tempfile::tempdir().expect("tmp");
    let o = newsfacts(tmp.path(), &["--help"]);
    assert!(o.status.success());
    assert!(String::from_utf8_lossy(&o.stdout).contains("extract"));
    assert!(newsfacts(tmp.path(), &["--version"]).status.success());
    let o = newsfacts(tmp.path(), &["extract"]);
    assert_eq!(o.status.code(), Some(2), "no input is a usage error");
    let o = newsfacts(tmp.path(), &["extract", "x.txt", "--date", "2026-13-01"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn directory_input_mirrors_ids_and_writes_every_table() {
    let tmp = tempfile::tempdir().expect("tmp");
    let input = tmp.path().join("pages");
    fs::create_dir_all(input.join("a")).unwrap();
    fs::create_dir_all(input.join("b")).unwrap();
    fs::write(input.join("a/p1.txt"), PAGE).unwrap();
    fs::write(input.join("b/p1.txt"), "国务院总理李强在北京会见法国总统。").unwrap();
    fs::write(input.join("notes.md"), "not a page").unwrap();
    let o = newsfacts(tmp.path(), &["extract", "pages", "-o", "out", "-q"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = tmp.path().join("out");
    assert!(out.join("json/a/p1.json").is_file());
    assert!(out.join("json/b/p1.json").is_file());
    for t in [
        "articles",
        "people",
        "places",
        "organizations",
        "dates",
        "figures",
        "slogans",
        "documents",
        "mentions",
        "errors",
    ] {
        let bytes = fs::read(out.join(format!("{t}.csv"))).expect("table");
        assert!(bytes.starts_with("\u{FEFF}".as_bytes()), "{t}.csv has a BOM for Excel");
    }
    let people = read_csv(&out.join("people.csv"));
    assert!(people.iter().any(|r| &r[0] == "a/p1" && &r[1] == "韩涛"));
    assert!(people.iter().any(|r| &r[0] == "b/p1" && &r[1] == "李强"));
    // Rows come in input order: every a/p1 row before every b/p1 row.
    let mentions = read_csv(&out.join("mentions.csv"));
    let first_b = mentions.iter().position(|r| &r[0] == "b/p1").expect("b rows");
    assert!(mentions[first_b..].iter().all(|r| &r[0] == "b/p1"));
    let json: serde_json::Value = serde_json::from_slice(&fs::read(out.join("json/a/p1.json")).unwrap()).unwrap();
    assert_eq!(json["id"], "a/p1");
    assert_eq!(
        json["base_date"], "2026-03-20",
        "no date in the name: inferred from the dateline and the year in the text"
    );
}

#[test]
fn jsonl_input_with_bad_lines_and_repeated_ids() {
    let tmp = tempfile::tempdir().expect("tmp");
    let lines = [
        r#"{"id": "s1", "text": "国务院总理李强在北京会见法国总统。", "date": "2026-03-21"}"#,
        "this is not json",
        r#"{"id": "s2"}"#,
        r#"{"id": "s1", "text": "今年一季度，全省粮食产量达到63万吨。", "date": "2026-03-21"}"#,
        r#"{"id": "../escape", "text": "记者张三报道。"}"#,
    ];
    fs::write(tmp.path().join("batch.jsonl"), lines.join("\n")).unwrap();
    let o = newsfacts(tmp.path(), &["extract", "batch.jsonl", "-o", "out", "-q"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(err.contains("batch.jsonl:2:"), "{err}");
    assert!(err.contains("batch.jsonl:3:"), "{err}");
    assert!(err.contains("duplicate id 's1'"), "{err}");
    let out = tmp.path().join("out");
    assert!(out.join("json/s1.json").is_file());
    assert!(out.join("json/s1~2.json").is_file(), "a repeated id is never an overwrite");
    assert!(out.join("json/__/escape.json").is_file(), "ids cannot leave the output folder");
    assert!(!tmp.path().join("escape.json").exists());
    let errors = read_csv(&out.join("errors.csv"));
    assert!(errors.iter().any(|r| &r[0] == "batch.jsonl" && &r[1] == "2"));
    let dates = read_csv(&out.join("dates.csv"));
    assert!(dates.iter().any(|r| &r[5] == "今年一季度" && &r[6] == "2026-01-01/2026-03-31"));
}

#[test]
fn stdout_mode_writes_json_lines_only() {
    let tmp = tempfile::tempdir().expect("tmp");
    let mut child = Command::new(env!("CARGO_BIN_EXE_newsfacts"))
        .current_dir(tmp.path())
        .args(["extract", "-", "-o", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().expect("stdin");
        writeln!(stdin, r#"{{"id": "a", "text": "新华社北京3月20日电 习近平总书记强调。", "date": "2026-03-21"}}"#)
            .unwrap();
        writeln!(stdin, r#"{{"id": "b", "text": "朝鲁吐镇63万亩土地，85%是坨沼地。"}}"#).unwrap();
    }
    let o = child.wait_with_output().expect("output");
    assert!(o.status.success(), "{}", stderr(&o));
    let stdout = String::from_utf8(o.stdout).expect("utf-8");
    let docs: Vec<serde_json::Value> =
        stdout.lines().map(|l| serde_json::from_str(l).expect("one JSON document per line")).collect();
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[0]["id"], "a");
    assert!(docs[1]["mentions"].as_array().unwrap().iter().any(|m| m["text"] == "63万亩"));
    assert!(!tmp.path().join("output").exists(), "stdout mode writes no files");
}

#[test]
fn bad_files_beside_a_good_page() {
    let tmp = tempfile::tempdir().expect("tmp");
    let d = tmp.path().join("in");
    fs::create_dir_all(&d).unwrap();
    fs::write(d.join("empty.txt"), "").unwrap();
    fs::write(
        d.join("binary.txt"),
        b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\x3e\x00\x01\x00\x00\x00\xff\xfe\x00",
    )
    .unwrap();
    fs::write(d.join("tongliao-2026-03-21-p1.txt"), PAGE).unwrap();
    let (gb, _, _) = encoding_rs::GB18030.encode(PAGE);
    fs::write(d.join("gb-2026-03-21.txt"), &gb).unwrap();
    let o = newsfacts(tmp.path(), &["extract", "in", "missing.txt", "-o", "out", "-q"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    for name in ["empty.txt: empty input", "binary.txt: binary data", "missing.txt: no such file"] {
        assert!(err.contains(name), "stderr names {name}: {err}");
    }
    let out = tmp.path().join("out");
    let good: serde_json::Value =
        serde_json::from_slice(&fs::read(out.join("json/tongliao-2026-03-21-p1.json")).unwrap()).unwrap();
    let gb: serde_json::Value =
        serde_json::from_slice(&fs::read(out.join("json/gb-2026-03-21.json")).unwrap()).unwrap();
    assert_eq!(good["mentions"], gb["mentions"], "the GB18030 copy gives the same mentions");
    assert_eq!(read_csv(&out.join("errors.csv")).len(), 3);
}

#[test]
fn output_is_identical_for_any_thread_count() {
    let tmp = tempfile::tempdir().expect("tmp");
    let d = tmp.path().join("in");
    fs::create_dir_all(&d).unwrap();
    let paragraphs: Vec<&str> = PAGE.split("\n\n").filter(|p| !p.trim().is_empty()).collect();
    for i in 0..200 {
        // Each copy differs a little, so that order mistakes would show.
        let text = format!("{}\n\n{}", paragraphs[i % paragraphs.len()], PAGE);
        fs::write(d.join(format!("p{i:03}.txt")), text).unwrap();
    }
    let o1 = newsfacts(tmp.path(), &["extract", "in", "-o", "out1", "-j", "1", "-q"]);
    let o2 = newsfacts(tmp.path(), &["extract", "in", "-o", "out2", "-j", "2", "-q"]);
    assert!(o1.status.success() && o2.status.success());
    let t1 = tree(&tmp.path().join("out1"));
    let t2 = tree(&tmp.path().join("out2"));
    assert_eq!(t1.len(), 200 + 10);
    assert!(t1 == t2, "-j 1 and -j 2 differ");
}

#[test]
fn output_that_cannot_be_written_is_an_error_before_work() {
    let tmp = tempfile::tempdir().expect("tmp");
    fs::write(tmp.path().join("p.txt"), PAGE).unwrap();
    fs::write(tmp.path().join("taken"), "a file").unwrap();
    let o = newsfacts(tmp.path(), &["extract", "p.txt", "-o", "taken", "-q"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("taken: exists and is not a directory"), "{}", stderr(&o));
}
