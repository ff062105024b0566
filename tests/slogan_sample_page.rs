//! Runs both finders on the sample page (read at test time from ../shared/seed, skipped when missing) and checks
//! them against its hand-made gold: every required slogan and document found, no forbidden slogan.

use newsfacts::extract::document::find_documents;
use newsfacts::extract::slogan::{canonical, find_slogans};
use std::collections::HashSet;

const PAGE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/seed/tongliao-2026-03-21-p1.txt");
const GOLD: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/seed/tongliao-2026-03-21-p1.gold.json");

// ---- a minimal JSON reader (the crate may not depend on serde here)
#[derive(Debug, Clone)]
enum J {
    Other,
    Str(String),
    Arr(Vec<J>),
    Obj(Vec<(String, J)>),
}

struct P<'a> {
    c: std::iter::Peekable<std::str::Chars<'a>>,
}

impl P<'_> {
    fn ws(&mut self) {
        while self.c.peek().is_some_and(|c| c.is_whitespace()) {
            self.c.next();
        }
    }
    fn val(&mut self) -> J {
        self.ws();
        match self.c.peek().copied() {
            Some('{') => {
                self.c.next();
                let mut o = Vec::new();
                loop {
                    self.ws();
                    if self.c.peek() == Some(&'}') {
                        self.c.next();
                        break;
                    }
                    let J::Str(k) = self.val() else { panic!("key") };
                    self.ws();
                    assert_eq!(self.c.next(), Some(':'));
                    let v = self.val();
                    o.push((k, v));
                    self.ws();
                    if self.c.peek() == Some(&',') {
                        self.c.next();
                    }
                }
                J::Obj(o)
            }
            Some('[') => {
                self.c.next();
                let mut a = Vec::new();
                loop {
                    self.ws();
                    if self.c.peek() == Some(&']') {
                        self.c.next();
                        break;
                    }
                    a.push(self.val());
                    self.ws();
                    if self.c.peek() == Some(&',') {
                        self.c.next();
                    }
                }
                J::Arr(a)
            }
            Some('"') => {
                self.c.next();
                let mut s = String::new();
                while let Some(ch) = self.c.next() {
                    match ch {
                        '"' => break,
                        '\\' => match self.c.next() {
                            Some('n') => s.push('\n'),
                            Some('t') => s.push('\t'),
                            Some('u') => {
                                let h: String = (0..4).filter_map(|_| self.c.next()).collect();
                                s.push(char::from_u32(u32::from_str_radix(&h, 16).unwrap()).unwrap_or('?'));
                            }
                            Some(o) => s.push(o),
                            None => break,
                        },
                        o => s.push(o),
                    }
                }
                J::Str(s)
            }
            _ => {
                let mut t = String::new();
                while self.c.peek().is_some_and(|c| !",]} \n\t\r".contains(*c)) {
                    t.push(self.c.next().unwrap());
                }
                let _ = t;
                J::Other
            }
        }
    }
}

fn get<'a>(j: &'a J, k: &str) -> &'a J {
    match j {
        J::Obj(o) => o.iter().find(|(kk, _)| kk == k).map(|(_, v)| v).expect(k),
        _ => panic!("not an object"),
    }
}

fn strs(j: &J) -> Vec<String> {
    match j {
        J::Arr(a) => a.iter().filter_map(|x| if let J::Str(s) = x { Some(s.clone()) } else { None }).collect(),
        J::Str(s) => vec![s.clone()],
        _ => vec![],
    }
}

fn groups(j: &J) -> Vec<Vec<String>> {
    match j {
        J::Arr(a) => a.iter().map(strs).collect(),
        _ => vec![],
    }
}

fn load() -> Option<(String, J)> {
    let page = std::fs::read_to_string(PAGE).ok()?;
    let gold = std::fs::read_to_string(GOLD).ok()?;
    Some((page, P { c: gold.chars().peekable() }.val()))
}

fn paragraphs(page: &str) -> Vec<&str> {
    page.split("\n\n").map(str::trim).filter(|p| !p.is_empty()).collect()
}

#[test]
fn sample_page_slogans() {
    let Some((page, gold)) = load() else {
        eprintln!("sample page missing: skipped");
        return;
    };
    let mut found: Vec<String> = Vec::new();
    for para in paragraphs(&page) {
        for h in find_slogans(para) {
            assert!(para.is_char_boundary(h.start) && para.is_char_boundary(h.end) && h.start < h.end);
            found.push(para[h.start..h.end].to_string());
        }
    }
    let set: HashSet<String> = found.iter().map(|s| canonical(s)).collect();
    let sl = get(&gold, "slogan");
    let required = groups(get(sl, "required"));
    let optional: HashSet<String> = strs(get(sl, "optional")).iter().map(|s| canonical(s)).collect();
    let forbidden = strs(get(sl, "forbidden_prefixes"));
    let mut missing = Vec::new();
    for g in &required {
        if !g.iter().any(|f| set.contains(&canonical(f))) {
            missing.push(g[0].clone());
        }
    }
    let req_set: HashSet<String> = required.iter().flatten().map(|s| canonical(s)).collect();
    let extra: Vec<&String> =
        found.iter().filter(|s| !req_set.contains(&canonical(s)) && !optional.contains(&canonical(s))).collect();
    let bad: Vec<&String> =
        found.iter().filter(|s| forbidden.iter().any(|f| canonical(s).starts_with(&canonical(f)))).collect();
    println!(
        "found {} hits; required {}/{}; missing {:?}",
        found.len(),
        required.len() - missing.len(),
        required.len(),
        missing
    );
    println!("all hits: {found:?}");
    println!("hits outside required/optional: {extra:?}");
    assert!(missing.is_empty(), "missing required slogans: {missing:?}");
    assert!(bad.is_empty(), "forbidden slogans found: {bad:?}");
}

#[test]
fn sample_page_documents() {
    let Some((page, gold)) = load() else {
        eprintln!("sample page missing: skipped");
        return;
    };
    let docs = find_documents(&page);
    let got: HashSet<String> = docs.iter().map(|d| canonical(&page[d.start..d.end])).collect();
    let required = groups(get(get(&gold, "document"), "required"));
    let missing: Vec<&String> =
        required.iter().filter(|g| !g.iter().any(|f| got.contains(&canonical(f)))).map(|g| &g[0]).collect();
    assert!(missing.is_empty(), "missing documents: {missing:?}");
    let yi: Vec<_> = docs.iter().filter(|d| &page[d.start..d.end] == "意见").collect();
    assert!(!yi.is_empty());
    assert!(yi.iter().all(|d| d.full_title.as_deref() == Some("关于加强党建带团建工作的意见")));
    // per paragraph too: every hit is a clean span
    for para in paragraphs(&page) {
        for d in find_documents(para) {
            assert!(para.is_char_boundary(d.start) && para.is_char_boundary(d.end) && d.start < d.end);
        }
    }
}
