//! Stage 2, articles and sentences: the normalised page in, its articles out (title,
//! subtitle, authors with roles, dateline, where it continues), then each article's
//! sentences. An article starts at a headline block: one to three short lines without
//! closing punctuation right before a byline (本报讯（记者 …）, 新华社记者 …), a dateline
//! (新华社北京3月20日电) or a line of author names under a feature's title. A page with no
//! such anchor is one article; its first line is the title when it reads like one.

use crate::basedate::Ymd;
use crate::byline;
use crate::dictionaries;
use crate::model::{Article, Author, Dateline, Sentence, Span};
use crate::normalize::{MarkerDirection, Normalized};
use std::sync::LazyLock;

/// Byte spans of the lines of `text`.
pub fn line_spans(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut start = 0;
    for line in crate::normalize::split_newlines(text) {
        let end = start + line.len();
        if end > start {
            out.push(Span::new(start, end));
        }
        start = end + 1;
    }
    out
}

fn headline_like(line: &str) -> bool {
    let n = line.chars().count();
    if n == 0 || n > 64 || line.contains('。') || byline::starts_byline(line) {
        return false;
    }
    !matches!(line.chars().last(), Some('。' | '；' | '：' | '，' | '、' | '…' | ';' | ':' | ','))
}

static SURNAMES: LazyLock<crate::extract::lexicon::WordSet> =
    LazyLock::new(|| dictionaries::words("surnames").collect());

fn starts_with_surname(word: &str) -> bool {
    let mut chars = word.char_indices();
    let two = chars.nth(1).map(|(i, _)| &word[..i]);
    let three = word.char_indices().nth(2).map(|(i, _)| &word[..i]);
    word.contains('·') || two.is_some_and(|s| SURNAMES.contains(s)) || three.is_some_and(|s| SURNAMES.contains(s))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum AnchorKind {
    Byline,
    Names,
    Continued,
}

/// Split the page into articles.
pub fn split(page: &Normalized, base: Option<Ymd>) -> Vec<Article> {
    let text = page.text.as_str();
    let lines = line_spans(text);
    let line_text = |i: usize| &text[lines[i].start..lines[i].end];
    let ends_article: Vec<bool> = lines
        .iter()
        .map(|l| {
            page.markers.iter().any(|m| m.direction == MarkerDirection::ContinuedOn && m.at >= l.start && m.at <= l.end)
        })
        .collect();

    let continued_from: Vec<bool> = lines
        .iter()
        .map(|l| page.markers.iter().any(|m| m.direction == MarkerDirection::ContinuedFrom && m.at == l.start))
        .collect();
    let mut anchors: Vec<(usize, AnchorKind)> = Vec::new();
    for i in 0..lines.len() {
        let line = line_text(i);
        if continued_from[i] {
            // （上接第一版） opens the rest of an article begun on another page.
            anchors.push((i, AnchorKind::Continued));
        } else if byline::starts_byline(line) {
            // A byline right after another byline line (a second reporter line) is the same article.
            if anchors.last().is_some_and(|&(a, _)| a + 1 == i && byline::is_byline_only(line_text(a))) {
                continue;
            }
            anchors.push((i, AnchorKind::Byline));
        } else if i > 0
            && i + 1 < lines.len()
            && byline::is_name_line(line)
            && byline::name_line_names(line).iter().all(|w| starts_with_surname(w))
            && headline_like(line_text(i - 1))
        {
            anchors.push((i, AnchorKind::Names));
        }
    }

    // Head block of each anchor: up to three headline-like lines right before it.
    let mut starts: Vec<(usize, usize, AnchorKind)> = Vec::new(); // (first head line, anchor line, kind)
    let mut trailing: Vec<usize> = Vec::new(); // byline lines that close an article
    let mut floor = 0;
    for &(a, kind) in &anchors {
        let mut first = a;
        while first > floor && a - first < 3 {
            let j = first - 1;
            if !headline_like(line_text(j)) || ends_article[j] {
                break;
            }
            first = j;
        }
        if kind == AnchorKind::Names && first == a {
            continue; // a name line with no headline above it is body text
        }
        // （记者 张三） on a line of its own after a finished paragraph closes the article
        // before it; it does not open a new one.
        if kind == AnchorKind::Byline
            && first == a
            && a > 0
            && line_text(a).starts_with('（')
            && byline::is_byline_only(line_text(a))
        {
            trailing.push(a);
            continue;
        }
        starts.push((first, a, kind));
        floor = a + 1;
    }

    let mut articles = Vec::new();
    let first_start = starts.first().map_or(lines.len(), |s| s.0);
    if starts.is_empty() {
        let mut art = Article { index: 1, span: Span::new(0, text.len()), ..Default::default() };
        if lines.len() >= 2 && headline_like(line_text(0)) && !headline_like(line_text(1)) {
            art.title = Some(line_text(0).to_string());
            art.head_lines.push(lines[0]);
        }
        if !lines.is_empty() {
            articles.push(art);
        }
    } else if first_start > 0 {
        articles.push(Article { index: 1, span: Span::new(0, lines[first_start - 1].end), ..Default::default() });
    }
    for (k, &(first, anchor, kind)) in starts.iter().enumerate() {
        let start = lines[first].start;
        let end = match starts.get(k + 1) {
            Some(&(next_first, _, _)) => lines[next_first - 1].end.max(start),
            None => lines.last().map_or(start, |l| l.end),
        };
        let mut art = Article { index: articles.len() + 1, span: Span::new(start, end), ..Default::default() };
        let head: Vec<usize> = (first..anchor).collect();
        let (subs, mains): (Vec<usize>, Vec<usize>) =
            head.iter().partition(|&&i| line_text(i).starts_with('—') || line_text(i).starts_with('－'));
        if let Some(&t) = mains.first() {
            art.title = Some(line_text(t).to_string());
        }
        if let Some(&s) = subs.first() {
            art.subtitle = Some(line_text(s).trim_start_matches(['—', '－', ' ']).to_string());
        } else if mains.len() > 1 {
            art.subtitle = Some(mains[1..].iter().map(|&i| line_text(i)).collect::<Vec<_>>().join(" "));
        }
        if art.title.is_none() {
            art.title = art.subtitle.take();
        }
        art.head_lines.extend(head.iter().map(|&i| lines[i]));
        let anchor_line = line_text(anchor);
        match kind {
            AnchorKind::Continued => {}
            AnchorKind::Names => {
                art.authors =
                    byline::name_line_names(anchor_line).into_iter().map(|name| Author { name, role: None }).collect();
                art.head_lines.push(lines[anchor]);
            }
            AnchorKind::Byline => {
                if let Some(b) = byline::parse(anchor_line) {
                    art.authors = b.authors;
                    art.dateline = b.dateline.map(|(place, m, d)| Dateline {
                        place: if place.is_empty() { None } else { Some(place) },
                        date: base.and_then(|b| Ymd::new(b.year, m, d)).map(|d| d.to_string()),
                    });
                    let len = b.len.min(anchor_line.len());
                    art.head_lines.push(Span::new(lines[anchor].start, lines[anchor].start + len));
                    // A second line of bylines (本报记者 … / 通讯员 …).
                    if anchor + 1 < lines.len() && byline::is_byline_only(line_text(anchor + 1)) {
                        if let Some(b2) = byline::parse(line_text(anchor + 1)) {
                            art.authors.extend(b2.authors);
                            art.head_lines.push(lines[anchor + 1]);
                        }
                    }
                }
            }
        }
        articles.push(art);
    }

    for t in trailing {
        if let (Some(b), Some(art)) =
            (byline::parse(line_text(t)), articles.iter_mut().rev().find(|a| a.span.start <= lines[t].start))
        {
            art.authors.extend(b.authors);
            art.head_lines.push(lines[t]);
        }
    }
    for m in &page.markers {
        let found = articles.iter_mut().find(|a| match m.direction {
            MarkerDirection::ContinuedOn => a.span.start <= m.at && m.at <= a.span.end,
            MarkerDirection::ContinuedFrom => a.span.start <= m.at && m.at < a.span.end.max(a.span.start + 1),
        });
        if let Some(a) = found {
            match m.direction {
                MarkerDirection::ContinuedOn => a.continued_on = Some(m.page.clone()),
                MarkerDirection::ContinuedFrom => a.continued_from = Some(m.page.clone()),
            }
        }
    }
    articles
}

fn is_sentence_end(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '!' | '?' | '；' | ';')
}

/// The longest sentence, in bytes (about 1,300 Chinese characters; real sentences are far
/// shorter). A page without punctuation or line breaks would otherwise be one sentence of
/// megabytes, and the work done per sentence is not always linear in its length.
pub const MAX_SENTENCE_BYTES: usize = 4096;

/// `span` in pieces of at most MAX_SENTENCE_BYTES, cut after a comma or a space in the
/// second half of the piece where there is one, else at a character boundary; each piece
/// handed to `out` in order (nearly every sentence is one piece, and a vector for it was
/// an allocation per sentence).
fn cap_length(text: &str, span: Span, mut out: impl FnMut(Span)) {
    let mut start = span.start;
    while span.end - start > MAX_SENTENCE_BYTES {
        let mut end = start + MAX_SENTENCE_BYTES;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let piece = &text[start..end];
        let half = piece.len() / 2;
        let cut = piece
            .char_indices()
            .rev()
            .take_while(|&(i, _)| i >= half)
            .find(|&(_, c)| matches!(c, '，' | '、' | '：' | ',' | ' '))
            .map_or(end, |(i, c)| start + i + c.len_utf8());
        let piece = &text[start..cut];
        let trimmed = piece.trim_end();
        if !trimmed.is_empty() {
            out(Span::new(start, start + trimmed.len()));
        }
        start = cut + (text[cut..span.end].len() - text[cut..span.end].trim_start().len());
    }
    if span.end > start {
        out(Span::new(start, span.end));
    }
}

/// Push the sentence at `span` of article `article`, trimmed and cut to length, counting
/// on from `index`; nothing when it is blank.
fn push_sentence(text: &str, article: usize, span: Span, index: &mut usize, out: &mut Vec<Sentence>) {
    let seg = &text[span.start..span.end];
    let start = span.start + (seg.len() - seg.trim_start().len());
    let end = span.end - (seg.len() - seg.trim_end().len());
    if end > start {
        cap_length(text, Span::new(start, end), |span| {
            *index += 1;
            out.push(Sentence { article, index: *index, span });
        });
    }
}

/// Split every article into sentences: at 。！？； (closing quotes stay with their
/// sentence), and at every line end. Sentences count from 1 within each article.
pub fn sentences(text: &str, articles: &[Article]) -> Vec<Sentence> {
    let mut out = Vec::new();
    for art in articles {
        let mut index = 0;
        let Some(body) = text.get(art.span.start..art.span.end) else { continue };
        let mut push =
            |s: usize, e: usize, index: &mut usize| push_sentence(text, art.index, Span::new(s, e), index, &mut out);
        let mut start = art.span.start;
        let bytes = body.as_bytes();
        let at = |j: usize| body.get(j..).and_then(|rest| rest.chars().next());
        let mut i = 0;
        while let Some(&lead) = bytes.get(i) {
            // Han characters (lead bytes E4–E9) end nothing: most of the text is passed over
            // three bytes at a time without being decoded.
            if (0xE4..=0xE9).contains(&lead) {
                i += 3;
                continue;
            }
            let Some(c) = at(i) else { break };
            let abs = art.span.start + i;
            i += c.len_utf8();
            if c == '\n' {
                push(start, abs, &mut index);
                start = abs + 1;
            } else if is_sentence_end(c) || (c == '…' && at(i).is_some_and(|n| n != '…')) {
                let mut end = abs + c.len_utf8();
                while let Some(n) = at(i) {
                    if matches!(n, '”' | '’' | '」' | '』' | '）' | '!' | '?' | '！' | '？' | '。') {
                        i += n.len_utf8();
                        end = art.span.start + i;
                    } else {
                        break;
                    }
                }
                push(start, end, &mut index);
                start = end;
            }
        }
        push(start, art.span.end, &mut index);
    }
    out
}

/// Build this module's table now (see [`crate::Pipeline::warm_up`]).
pub(crate) fn warm_up() {
    LazyLock::force(&SURNAMES);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::normalize::normalize;

    /// The sentence split, which passes over Han characters without decoding them, cuts
    /// where the walk over every character cut (that walk is the oracle; both emit their
    /// sentences through `push_sentence`).
    #[test]
    fn sentences_are_those_of_the_character_walk() {
        fn by_chars(text: &str, articles: &[Article]) -> Vec<Sentence> {
            let mut out = Vec::new();
            for art in articles {
                let mut index = 0;
                let Some(body) = text.get(art.span.start..art.span.end) else { continue };
                let mut push = |s: usize, e: usize, index: &mut usize| {
                    push_sentence(text, art.index, Span::new(s, e), index, &mut out)
                };
                let mut start = art.span.start;
                let mut chars = body.char_indices().peekable();
                while let Some((i, c)) = chars.next() {
                    let abs = art.span.start + i;
                    if c == '\n' {
                        push(start, abs, &mut index);
                        start = abs + 1;
                    } else if is_sentence_end(c) || (c == '…' && chars.peek().is_some_and(|&(_, n)| n != '…')) {
                        let mut end = abs + c.len_utf8();
                        while let Some(&(j, n)) = chars.peek() {
                            if matches!(n, '”' | '’' | '」' | '』' | '）' | '!' | '?' | '！' | '？' | '。') {
                                end = art.span.start + j + n.len_utf8();
                                chars.next();
                            } else {
                                break;
                            }
                        }
                        push(start, end, &mut index);
                        start = end;
                    }
                }
                push(start, art.span.end, &mut index);
            }
            out
        }
        let alphabet: Vec<char> = "中文的。！？!?；;…”’」』）\n ，a1é𠀋、“".chars().collect();
        let mut rng = crate::extract::test_rng(0xE703_7ED1_A0B4_28DB);
        let mut cuts = 0;
        for _ in 0..3000 {
            let text: String = (0..rng() % 40).map(|_| alphabet[(rng() % alphabet.len() as u64) as usize]).collect();
            let bounds: Vec<usize> = (0..=text.len()).filter(|&i| text.is_char_boundary(i)).collect();
            let mid = bounds[(rng() % bounds.len() as u64) as usize];
            let articles = [
                Article { index: 1, span: Span::new(0, mid), ..Article::default() },
                Article { index: 2, span: Span::new(mid, text.len()), ..Article::default() },
            ];
            let want = by_chars(&text, &articles);
            cuts += want.len();
            assert_eq!(sentences(&text, &articles), want, "{text:?}");
        }
        assert!(cuts > 10_000, "{cuts}");
        let page = normalize(include_str!("../tests/fixtures/tongliao-2026-03-21-p1.txt"));
        let arts = split(&page, Ymd::new(2026, 3, 21));
        assert_eq!(sentences(&page.text, &arts), by_chars(&page.text, &arts));
    }

    #[test]
    fn splits_on_bylines_and_names() {
        let raw = "第一条新闻标题\n\n本报讯(记者 李娜) 3月20日,会议召开。会议强调。\n\n第二条新闻\n\n——记某某\n\n王小明\n\n秋风萧瑟,大家忙。";
        let page = normalize(raw);
        let arts = split(&page, Ymd::new(2026, 3, 21));
        assert_eq!(arts.len(), 2);
        assert_eq!(arts[0].title.as_deref(), Some("第一条新闻标题"));
        assert_eq!(arts[0].authors, vec![Author { name: "李娜".into(), role: Some("记者".into()) }]);
        assert_eq!(arts[1].title.as_deref(), Some("第二条新闻"));
        assert_eq!(arts[1].subtitle.as_deref(), Some("记某某"));
        assert_eq!(arts[1].authors[0].name, "王小明");
        let sents = sentences(&page.text, &arts);
        let first: Vec<&str> =
            sents.iter().filter(|s| s.article == 1).map(|s| &page.text[s.span.start..s.span.end]).collect();
        assert_eq!(first, ["第一条新闻标题", "本报讯（记者 李娜） 3月20日，会议召开。", "会议强调。"]);
    }

    #[test]
    fn datelines_and_markers() {
        let raw = "中办印发意见\n\n新华社北京3月20日电 中共中央办公厅印发了意见。(下转第三版)";
        let page = normalize(raw);
        let arts = split(&page, Ymd::new(2026, 3, 21));
        assert_eq!(arts.len(), 1);
        let d = arts[0].dateline.clone().expect("dateline");
        assert_eq!(d.place.as_deref(), Some("北京"));
        assert_eq!(d.date.as_deref(), Some("2026-03-20"));
        assert_eq!(arts[0].continued_on.as_deref(), Some("第三版"));
    }

    #[test]
    fn trailing_byline_closes_its_article() {
        let raw = "春耕备耕忙\n\n本报记者 王小明\n\n各地抓住农时开展春耕。\n\n（记者 张三）\n\n第二条新闻\n\n本报讯 今年以来，全市经济平稳。";
        let page = normalize(raw);
        let arts = split(&page, Ymd::new(2026, 3, 21));
        assert_eq!(arts.len(), 2);
        let names: Vec<&str> = arts[0].authors.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(names, ["王小明", "张三"]);
        assert_eq!(arts[1].title.as_deref(), Some("第二条新闻"));
    }

    #[test]
    fn very_long_sentences_are_cut() {
        // Regression: a page of one 20 MB "sentence" (no punctuation, no line break) went
        // to the extractors as one sentence, and some of their work is quadratic in it.
        let long = format!("{}，{}", "中".repeat(2500), "文".repeat(3000));
        let page = normalize(&long);
        let arts = split(&page, None);
        let sents = sentences(&page.text, &arts);
        assert!(sents.len() > 3);
        let mut joined = String::new();
        for (k, s) in sents.iter().enumerate() {
            assert!(s.span.len() <= MAX_SENTENCE_BYTES);
            assert_eq!(s.index, k + 1);
            joined.push_str(&page.text[s.span.start..s.span.end]);
        }
        assert_eq!(joined, page.text);
        // Cut after the comma when there is one in the second half.
        assert!(sents.iter().any(|s| page.text[s.span.start..s.span.end].ends_with('，')));
    }

    #[test]
    fn plain_text_is_one_article() {
        let page = normalize("国务院总理李强在北京会见了来访的法国总统。");
        let arts = split(&page, None);
        assert_eq!(arts.len(), 1);
        assert_eq!(arts[0].title, None);
    }
}
