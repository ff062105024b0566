//! Golden tests on the bundled sample page: articles, authors, joined lines, offsets,
//! the JSON contract, the committed `output/` folder, and the GB18030 copy.

use std::path::Path;

use newsfacts::output::PageDoc;
use newsfacts::{Pipeline, Ymd};

const PAGE: &str = include_str!("fixtures/tongliao-2026-03-21-p1.txt");

fn doc() -> PageDoc {
    let page = Pipeline::new().process(PAGE, Ymd::new(2026, 3, 21));
    PageDoc::new("tongliao-2026-03-21-p1", "tests/fixtures/tongliao-2026-03-21-p1.txt", page)
}

fn chars(text: &str, start: usize, end: usize) -> String {
    text.chars().skip(start).take(end - start).collect()
}

#[test]
fn articles_titles_authors_and_continuations() {
    let d = doc();
    let titles: Vec<&str> = d.articles.iter().filter_map(|a| a.title.as_deref()).collect();
    assert_eq!(
        titles,
        [
            "勿把“痕迹”当政绩",
            "中共中央办公厅印发《关于加强党建带团建工作的意见》",
            "市委树立和践行正确政绩观学习教育读书班在市委党校（行政学院）开班",
            "奇·达楞太深入霍林郭勒市扎鲁特旗调研",
            "政务服务跑出“智慧加速度”",
            "市疾控中心实验室建设项目开工",
            "近悦远来「营」在通辽",
            "“因为我对这坨沼爱得深沉”",
        ]
    );
    let authors: Vec<Vec<(String, Option<String>)>> =
        d.articles.iter().map(|a| a.authors.iter().map(|x| (x.name.clone(), x.role.clone())).collect()).collect();
    let r = |s: &str| Some(s.to_string());
    assert_eq!(authors[0], [("胡锦涛".to_string(), r("记者"))]);
    assert!(authors[1].is_empty());
    assert_eq!(authors[4], [("常宏亮".into(), r("记者")), ("梁超".into(), r("记者")), ("何静".into(), r("通讯员"))]);
    assert_eq!(authors[7], [("郝文秀".to_string(), None)]);
    assert_eq!(d.articles[7].subtitle.as_deref(), Some("记科左后旗生态文明建设促进会会长韩涛"));
    let dl = d.articles[1].dateline.clone().expect("dateline");
    assert_eq!((dl.place.as_deref(), dl.date.as_deref()), (Some("北京"), Some("2026-03-20")));
    let continued: Vec<usize> =
        d.articles.iter().filter(|a| a.continued_on.as_deref() == Some("第三版")).map(|a| a.index).collect();
    assert_eq!(continued, [1, 2, 5, 7, 8]);
}

#[test]
fn cut_lines_are_joined_and_headlines_kept_apart() {
    let d = doc();
    let lines: Vec<&str> = d.text.lines().collect();
    for joined in [
        "解脱出来",
        "坚定不移",
        "3月17日至19日",
        "加强公共卫生",
        "松辽平原",
        "分别在两地",
        "政务直播间已成为",
        "梁超 通讯员 何静",
    ] {
        assert!(lines.iter().any(|l| l.contains(joined)), "not joined: {joined}");
    }
    for apart in [
        "当政绩新华社",
        "胡锦涛树立",
        "指标中，中共中央",
        "开班本报讯",
        "在通辽我市优化",
        "韩涛郝文秀",
        "郝文秀秋风",
        "的牵挂科左后旗",
    ] {
        assert!(!lines.iter().any(|l| l.contains(apart)), "glued: {apart}");
    }
    assert!(!d.text.contains("下转"), "continuation markers are taken out of the text");
}

#[test]
fn every_offset_gives_its_text() {
    let d = doc();
    assert!(!d.mentions.is_empty());
    let n = d.text.chars().count();
    for m in &d.mentions {
        assert!(m.start < m.end && m.end <= n);
        assert_eq!(chars(&d.text, m.start, m.end), m.text, "{m:?}");
        assert!(m.article >= 1 && m.article <= d.articles.len());
        assert!(m.sentence >= 1);
    }
    for a in &d.articles {
        assert!(a.start < a.end && a.end <= n);
        if let Some(t) = &a.title {
            assert!(chars(&d.text, a.start, a.end).starts_with(t.as_str()));
        }
    }
}

#[test]
fn json_follows_the_contract() {
    let v: serde_json::Value = serde_json::from_str(&doc().to_json_pretty()).expect("valid JSON");
    for key in ["id", "source", "base_date", "text", "articles", "mentions"] {
        assert!(v.get(key).is_some(), "missing {key}");
    }
    assert_eq!(v["base_date"], "2026-03-21");
    for a in v["articles"].as_array().expect("articles") {
        for key in ["index", "start", "end", "title", "subtitle", "authors", "dateline", "continued_on"] {
            assert!(a.get(key).is_some(), "article without {key}");
        }
    }
    let fields: &[(&str, &[&str])] = &[
        ("person", &["roles"]),
        ("date", &["value"]),
        ("figure", &["number", "number_max", "unit", "qualifier", "si_value", "si_unit", "subject"]),
        ("slogan", &["quoted"]),
    ];
    let mentions = v["mentions"].as_array().expect("mentions");
    for m in mentions {
        for key in ["kind", "text", "start", "end", "article", "sentence"] {
            assert!(m.get(key).is_some(), "mention without {key}");
        }
        for (kind, keys) in fields {
            if m["kind"] == *kind {
                for key in *keys {
                    assert!(m.get(*key).is_some(), "{kind} without {key}");
                }
            }
        }
    }
    for kind in ["person", "place", "organization", "date", "figure", "slogan", "document"] {
        assert!(mentions.iter().any(|m| m["kind"] == kind), "no {kind} on the sample page");
    }
}

#[test]
fn sample_page_facts() {
    let d = doc();
    let has = |kind: &str, text: &str| d.mentions.iter().any(|m| m.kind.as_str() == kind && m.text == text);
    for (kind, text) in [
        ("person", "奇·达楞太"),
        ("person", "习近平"),
        ("place", "科左后旗"),
        ("place", "霍林郭勒市"),
        ("place", "查干塔拉布日嘎查"),
        ("organization", "市政数局"),
        ("organization", "中化学（内蒙古）新材料"),
        ("organization", "市委党校（行政学院）"),
        ("date", "3月17日至19日"),
        ("figure", "63万亩"),
        ("slogan", "两个确立"),
        ("document", "关于加强党建带团建工作的意见"),
    ] {
        assert!(has(kind, text), "missing {kind} {text}");
    }
    for (kind, text) in
        [("person", "达楞太"), ("person", "玉米"), ("person", "黄牛"), ("organization", "市长"), ("figure", "2026年")]
    {
        assert!(!has(kind, text), "wrong {kind} {text}");
    }
    let roles = d
        .mentions
        .iter()
        .find(|m| {
            m.text == "奇·达楞太"
                && matches!(&m.detail, newsfacts::model::Detail::Person { roles } if !roles.is_empty())
        })
        .map(|m| format!("{:?}", m.detail));
    assert_eq!(roles.as_deref(), Some("Person { roles: [\"市委副书记\", \"市长\"] }"));
}

#[test]
fn gb18030_copy_gives_the_same_mentions() {
    let (bytes, _, _) = encoding_rs::GB18030.encode(PAGE);
    let (text, enc) = newsfacts::input::decode::decode(&bytes).expect("decodes");
    assert_eq!(enc, newsfacts::input::decode::Encoding::Gb18030);
    let page = Pipeline::new().process(&text, Ymd::new(2026, 3, 21));
    let gb = PageDoc::new("tongliao-2026-03-21-p1", "tests/fixtures/tongliao-2026-03-21-p1.txt", page);
    assert_eq!(gb.to_json_pretty(), doc().to_json_pretty());
}

/// `output/` holds what the README's main command writes for the bundled page; it must
/// stay equal to a fresh run.
#[test]
fn committed_output_equals_a_fresh_run() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tmp = tempfile::tempdir().expect("temp dir");
    let out = tmp.path().join("output");
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_newsfacts"))
        .current_dir(root)
        .args(["extract", "tests/fixtures/tongliao-2026-03-21-p1.txt", "-q", "-o"])
        .arg(&out)
        .status()
        .expect("runs");
    assert!(status.success());
    let mut files = Vec::new();
    collect(&out, &out, &mut files);
    assert!(files.len() >= 11, "{files:?}");
    for rel in files {
        let fresh = std::fs::read(out.join(&rel)).expect("fresh file");
        let committed = std::fs::read(root.join("output").join(&rel))
            .unwrap_or_else(|_| panic!("output/{rel} is not committed: run the README's first command"));
        assert!(fresh == committed, "output/{rel} differs from a fresh run: run the README's first command and commit");
    }
}

fn collect(root: &Path, dir: &Path, out: &mut Vec<String>) {
    for e in std::fs::read_dir(dir).expect("dir").flatten() {
        let p = e.path();
        if p.is_dir() {
            collect(root, &p, out);
        } else {
            out.push(p.strip_prefix(root).expect("prefix").to_string_lossy().into_owned());
        }
    }
}
