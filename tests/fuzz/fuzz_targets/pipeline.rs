//! Arbitrary bytes through the whole pipeline: decode, normalise, articles, sentences,
//! segment, extract, the page document and its JSON. Checks that nothing panics, that
//! every mention's character offsets give its text, that articles stay inside the text,
//! and that the JSON parses back (no NaN or infinity). Bytes that do not decode are run
//! through the pipeline as lossy UTF-8 too, since the pipeline must take any string.

#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::LazyLock;

use newsfacts::input::decode::decode;
use newsfacts::output::PageDoc;
use newsfacts::{Pipeline, Ymd};

static PIPELINE: LazyLock<Pipeline> = LazyLock::new(Pipeline::new);

fn check(text: &str) {
    let page = PIPELINE.process(text, Ymd::new(2026, 3, 21));
    let doc = PageDoc::new("fuzz", "fuzz", page);
    let chars: Vec<char> = doc.text.chars().collect();
    for m in &doc.mentions {
        assert!(m.start < m.end && m.end <= chars.len(), "span {}..{} of {}", m.start, m.end, chars.len());
        let got: String = chars[m.start..m.end].iter().collect();
        assert_eq!(got, m.text, "offsets of {:?}", m);
    }
    for a in &doc.articles {
        assert!(a.start <= a.end && a.end <= chars.len(), "article {}..{} of {}", a.start, a.end, chars.len());
    }
    let json = doc.to_json_line();
    let v: serde_json::Value = serde_json::from_str(&json).expect("page JSON parses");
    assert_eq!(v["mentions"].as_array().map(Vec::len), Some(doc.mentions.len()));
}

fuzz_target!(|data: &[u8]| {
    match decode(data) {
        Ok((text, _)) => check(&text),
        Err(_) => check(&String::from_utf8_lossy(data)),
    }
});
