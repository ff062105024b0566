//! Properties of the pipeline on generated text: offsets give the mention text,
//! normalisation is idempotent, and a batch writes the same bytes for any thread count.
//! Inputs mix fragments of a real page with digits, quotation marks, emoji, zero-width
//! characters, BOMs and control characters. Case counts are kept small so the suite stays fast.

use proptest::prelude::*;
use std::path::Path;
use std::sync::LazyLock;

use newsfacts::batch::{self, Options, Target};
use newsfacts::normalize::normalize;
use newsfacts::output::PageDoc;
use newsfacts::{Pipeline, Ymd};

const PAGE: &str = include_str!("fixtures/tongliao-2026-03-21-p1.txt");

static PIPELINE: LazyLock<Pipeline> = LazyLock::new(Pipeline::new);

/// Pieces of the sample page (cut at punctuation, so names and dates survive) and pieces
/// that make trouble.
static FRAGMENTS: LazyLock<Vec<String>> = LazyLock::new(|| {
    let mut v: Vec<String> = PAGE
        .split(['，', '。', ',', '\n'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .take(120)
        .map(|s| s.chars().take(24).collect())
        .collect();
    for s in [
        "。",
        "，",
        "、",
        "；",
        "：",
        "？",
        "！",
        "\n",
        "\n\n",
        "\r\n",
        " ",
        "\u{3000}",
        "\t",
        "“",
        "”",
        "\"",
        "＂",
        "「",
        "」",
        "‘",
        "’",
        "『",
        "』",
        "《",
        "》",
        "（",
        "）",
        "(",
        ")",
        "……",
        "——",
        "1",
        "2026",
        "3月20日",
        "１２３",
        "12.5%",
        "1,000",
        "3.5亿元",
        "9999999999999999999999999999",
        "1e999",
        "百分之三十",
        "两万",
        "十四五",
        "\u{0}",
        "\u{1}",
        "\u{7}",
        "\u{1B}",
        "\u{7F}",
        "\u{85}",
        "\u{2028}",
        "\u{FEFF}",
        "\u{200B}",
        "\u{200D}",
        "😀",
        "👨‍👩‍👧",
        "🇨🇳",
        "\u{E000}",
        "\u{FFFD}",
        "𠀀",
        "é",
        "本报讯(记者 李娜)",
        "新华社北京3月20日电",
        "新华社记者 胡锦涛",
        "习近平总书记",
        "李强",
        "奇·达楞太",
        "通辽市",
        "科左后旗",
        "“不忘初心、牢记使命”",
        "四个全面",
        "以学铸魂、以学增智、以学正风、以学促干",
        "《中共中央关于制定规划的建议》",
    ] {
        v.push(s.to_string());
    }
    v
});

/// Punctuation that `fold_chars` maps by its neighbours.
const CONTEXT_PUNCT: &str = ",;:?!()\"＂，；：？！（）";

/// Continuation markers, kept apart: see `normalisation_is_idempotent`.
const MARKERS: [&str; 4] = ["（下转第三版）", "(上接第1版)", "（转第2版）", "（紧接第十版）"];

fn fragments() -> impl Strategy<Value = String> {
    prop::sample::select(FRAGMENTS.clone())
}

fn page_text(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(fragments(), 0..max).prop_map(|v| v.concat())
}

fn page_text_with_markers(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![8 => fragments(), 1 => prop::sample::select(MARKERS.to_vec()).prop_map(String::from)],
        0..max,
    )
    .prop_map(|v| v.concat())
}

fn check_offsets(raw: &str) -> Result<(), TestCaseError> {
    let page = PIPELINE.process(raw, Ymd::new(2026, 3, 21));
    let doc = PageDoc::new("p", "prop", page);
    let chars: Vec<char> = doc.text.chars().collect();
    for m in &doc.mentions {
        prop_assert!(m.start < m.end && m.end <= chars.len(), "span {}..{} of {}", m.start, m.end, chars.len());
        let got: String = chars[m.start..m.end].iter().collect();
        prop_assert_eq!(&got, &m.text);
    }
    for a in &doc.articles {
        prop_assert!(a.start <= a.end && a.end <= chars.len());
    }
    // The JSON is valid and round-trips.
    let v: serde_json::Value =
        serde_json::from_str(&doc.to_json_line()).map_err(|e| TestCaseError::fail(e.to_string()))?;
    prop_assert_eq!(v["mentions"].as_array().map(Vec::len), Some(doc.mentions.len()));
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn offsets_give_the_mention_text(raw in page_text_with_markers(60)) {
        check_offsets(&raw)?;
    }

    #[test]
    fn offsets_hold_on_arbitrary_unicode(raw in any::<String>(), frags in page_text(12)) {
        check_offsets(&format!("{frags}{raw}{frags}"))?;
    }

    /// Normalising normalised text changes nothing. Generated without two things that are
    /// known not to be idempotent (see docs/robustness.md):
    /// - continuation markers: the first pass takes a marker out and the lines around it
    ///   are then judged again as neighbours, so a second pass may join them (in the first
    ///   pass the marker line kept them apart). The marker is recorded in
    ///   `Normalized::markers`, not lost; what changes is the join decision where it stood.
    /// - the punctuation `fold_chars` maps by context (, ; : ? ! ( ) " and their full-width
    ///   forms): it judges a mark by its neighbours as they were before folding, so
    ///   `；"勿把` gives `;“勿把` (the neighbour was an ASCII quote) and a second pass gives
    ///   `；“勿把` (the neighbour is now a Chinese quote).
    #[test]
    fn normalisation_is_idempotent(raw in page_text(60).prop_map(|s| s.chars().filter(|c| !CONTEXT_PUNCT.contains(*c)).collect::<String>())) {
        let first = normalize(&raw);
        // Fragments can still come together into a marker: (下 + 转第三版).
        prop_assume!(first.markers.is_empty());
        let once = first.text;
        let twice = normalize(&once).text;
        prop_assert_eq!(twice, once);
    }
}

fn run_batch(inputs: &[String], out: &Path, threads: usize) {
    let opts = Options {
        target: Target::Dir(out.to_path_buf()),
        threads,
        progress: false,
        chunk: 2,
        date: None,
        ..Options::default()
    };
    batch::run(inputs, &opts).expect("batch");
}

/// Every file under `dir` with its bytes, by relative path.
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push((p.strip_prefix(dir).unwrap().display().to_string(), std::fs::read(&p).unwrap()));
            }
        }
    }
    out.sort();
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 6, ..ProptestConfig::default() })]

    /// The batch writes byte-identical output for one thread and for two.
    #[test]
    fn output_is_the_same_for_any_thread_count(pages in prop::collection::vec(page_text_with_markers(40), 1..10),
                                                bad in prop::collection::vec(prop::collection::vec(any::<u8>(), 0..64), 0..3)) {
        let dir = tempfile::tempdir().unwrap();
        let input = dir.path().join("in");
        std::fs::create_dir_all(input.join("sub")).unwrap();
        let mut jsonl = String::new();
        for (i, p) in pages.iter().enumerate() {
            let name = if i % 3 == 0 { format!("sub/2026-03-{:02}-p{i}.txt", i + 1) } else { format!("p{i}.txt") };
            std::fs::write(input.join(name), p).unwrap();
            jsonl.push_str(&serde_json::json!({"id": format!("r{}", i % 2), "text": p}).to_string());
            jsonl.push('\n');
        }
        std::fs::write(input.join("recs.jsonl"), jsonl).unwrap();
        for (i, b) in bad.iter().enumerate() {
            std::fs::write(input.join(format!("bad{i}.txt")), b).unwrap();
        }
        let inputs = vec![input.display().to_string()];
        let one = dir.path().join("one");
        let two = dir.path().join("two");
        run_batch(&inputs, &one, 1);
        run_batch(&inputs, &two, 2);
        let (a, b) = (snapshot(&one), snapshot(&two));
        prop_assert_eq!(a.iter().map(|x| &x.0).collect::<Vec<_>>(), b.iter().map(|x| &x.0).collect::<Vec<_>>());
        for (x, y) in a.iter().zip(&b) {
            prop_assert!(x.1 == y.1, "{} differs", x.0);
        }
    }
}

#[test]
fn normalisation_is_idempotent_on_the_sample_page_with_noise() {
    let mut noisy = String::new();
    for (i, c) in PAGE.chars().enumerate() {
        noisy.push(c);
        if i % 50 == 0 {
            noisy.push_str(["\u{200B}", "\u{0}", "😀", "\u{FEFF}", "\"", "(", ")"][i / 50 % 7]);
        }
    }
    let once = normalize(&noisy).text;
    assert_eq!(normalize(&once).text, once);
}
