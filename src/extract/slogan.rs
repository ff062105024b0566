//! Slogans and political formulations (提法、口号、数字化概括) in one article.
//!
//! In: the text of one article of a normalised page (paragraphs separated by '\n'; quotation marks may be
//! “” 「」 ‘’ "" ＂＂ 『』; Chinese punctuation is normally full width, ASCII `,` `:` are tolerated).
//! Out: [`SloganHit`]s, byte spans into that text on char boundaries, sorted by start and non-overlapping, of
//! three kinds: (1) quotations that the classifier takes for a slogan or formulation (span = inside of the
//! quotes, `quoted = true`, `head` = the head noun glued after the closing quote, e.g. “1571”工作部署 → 工作部署);
//! (2) formulas of the lexicon `dictionaries/slogans.txt` and a conservative numeral + 个/大/项/张 + formula-head
//! rule, quoted or not; (3) unquoted parallel formulas (≥3 items of 3–5 chars joined by 、 that share their first
//! one or two chars: 以学铸魂、以学增智、以学正风、以学促干). [`canonical`] gives the key that groups one slogan
//! across pages. Every pass is linear in the input (quotations longer than 64 chars or crossing a line are never
//! paired), and no input panics.

use std::collections::{BTreeMap, HashSet};
use std::sync::LazyLock;

use super::lexicon::{CharSet, Fast, NameIndex, WordList};
use super::scan::{Decoded, Region};

#[derive(Debug, Clone, PartialEq)]
pub struct SloganHit {
    pub start: usize,
    pub end: usize,
    pub quoted: bool,
    pub head: Option<String>,
}

/// Longest quotation (in chars, inside the marks) that is paired at all.
const MAX_QUOTE_CHARS: usize = 64;
/// Longest quotation that can be a slogan.
const MAX_SLOGAN_CHARS: usize = 30;

// ---------------------------------------------------------------- lexicon

struct Lexicon {
    /// Entries that may match outside quotes (with their width/sign variants), and the
    /// index that finds them in a text.
    formulas: HashSet<String, Fast>,
    index: NameIndex,
    /// The index of the formulas with a numeral in them (两个确立, 十五五), which alone
    /// may be found outside quotation marks.
    numbered: NameIndex,
    /// Canonical forms of every entry (quoted-only ones included).
    known: HashSet<String, Fast>,
    /// Every character of `formulas`.
    alphabet: CharSet,
}

fn variants(f: &str) -> Vec<String> {
    let mut v = vec![f.to_string()];
    let subs: [(char, &[char]); 4] = [('×', &['X', 'x']), ('+', &['＋']), ('＋', &['+']), ('，', &[','])];
    for (from, tos) in subs {
        let mut extra = Vec::new();
        for s in &v {
            if s.contains(from) {
                for &to in tos {
                    extra.push(s.replace(from, &to.to_string()));
                }
            }
        }
        v.extend(extra);
    }
    v
}

impl Lexicon {
    fn load(src: &str) -> Lexicon {
        let mut known = HashSet::default();
        let mut pats: Vec<String> = Vec::new();
        let mut seen = HashSet::new();
        for line in src.lines() {
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let mut f = line.split('\t');
            let formula = f.next().unwrap_or("").trim();
            if formula.is_empty() {
                continue;
            }
            let _category = f.next();
            let quoted_only = f.next().map(|x| x.trim() == "quoted").unwrap_or(false);
            known.insert(canonical(formula));
            if !quoted_only {
                for v in variants(formula) {
                    if seen.insert(v.clone()) {
                        pats.push(v);
                    }
                }
            }
        }
        // The index finds names of two characters or more; a formula has more.
        pats.retain(|p| p.chars().nth(1).is_some());
        let mut index = NameIndex::with_capacity(pats.len());
        for p in &pats {
            index.insert(p);
        }
        let mut numbered = NameIndex::with_capacity(pats.len());
        for p in pats.iter().filter(|p| p.chars().any(is_numeral)) {
            numbered.insert(p);
        }
        let alphabet = CharSet::new(pats.iter().flat_map(|p| p.chars()));
        Lexicon { formulas: pats.into_iter().collect(), index, numbered, known, alphabet }
    }

    /// The formulas in a part of a page: leftmost first, the longest at a position, not
    /// overlapping, handed to `f`.
    fn for_each_in(&self, part: Region, f: impl FnMut(usize, usize)) {
        self.index.for_each_in(part, |w| self.formulas.contains(w), f)
    }

    /// [`Lexicon::for_each_in`] of a text, collected.
    fn find_all(&self, text: &str) -> Vec<(usize, usize)> {
        self.index.find_all(Region::plain(text), |w| self.formulas.contains(w))
    }
}

static LEXICON: LazyLock<Lexicon> = LazyLock::new(|| Lexicon::load(crate::dictionaries::get("slogans")));

/// numeral + 个/大/项/张 + a known formula head (conservative rule for unquoted text): the
/// numerals, and the heads in the order they are tried.
const FORMULA_NUMERALS: &str = "两二三四五六七八九十";
const FORMULA_HEADS: &[&str] = &[
    "毫不动摇",
    "区分开来",
    "必由之路",
    "一百年",
    "有利于",
    "没有变",
    "攻坚战",
    "确立",
    "维护",
    "意识",
    "自信",
    "全面",
    "务必",
    "结合",
    "坚持",
    "必须",
    "统筹",
    "不摘",
    "文明",
    "大局",
    "伟大",
    "明确",
    "至上",
    "规定",
    "代表",
    "敢于",
    "确保",
];
static FORMULA_NUMERAL: LazyLock<CharSet> = LazyLock::new(|| CharSet::new(FORMULA_NUMERALS.chars()));

/// The characters of [`is_numeral`], which every numbered formula holds.
static NUMERALS: LazyLock<CharSet> =
    LazyLock::new(|| CharSet::new("一二两三四五六七八九十百千万双〇零0123456789".chars()));

// ---------------------------------------------------------------- char classes

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}' | '\u{f900}'..='\u{faff}')
}

fn is_cn_numeral(c: char) -> bool {
    matches!(c, '一' | '二' | '两' | '三' | '四' | '五' | '六' | '七' | '八' | '九' | '十' | '百' | '千' | '万' | '双')
}

fn is_numeral(c: char) -> bool {
    is_cn_numeral(c) || c.is_ascii_digit() || matches!(c, '〇' | '零')
}

fn is_quote_char(c: char) -> bool {
    matches!(c, '“' | '”' | '「' | '」' | '‘' | '’' | '"' | '＂' | '『' | '』' | '《' | '》')
}

fn is_space(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{200b}'..='\u{200d}' | '\u{feff}')
}

// ---------------------------------------------------------------- canonical

/// The form used to group the same slogan across pages: spaces removed, full-width Latin/digits to ASCII,
/// Chinese punctuation to full width (`,`→`，`, `;`→`；`, `:`→`：`, `(`→`（` …; `、` kept), ＋→+,
/// X/x/× after a Chinese character → ×, 「『 → “ and 」』 → ”.
pub fn canonical(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut prev: Option<char> = None;
    let mut dq_open = false;
    for c0 in s.chars() {
        if is_space(c0) {
            continue;
        }
        let c = match c0 {
            '\u{ff01}'..='\u{ff5e}' => char::from_u32(c0 as u32 - 0xfee0).unwrap_or(c0),
            _ => c0,
        };
        let c = match c {
            ',' => '，',
            ';' => '；',
            ':' => '：',
            '(' => '（',
            ')' => '）',
            '!' => '！',
            '?' => '？',
            '「' | '『' => '“',
            '」' | '』' => '”',
            '"' => {
                dq_open = !dq_open;
                if dq_open {
                    '“'
                } else {
                    '”'
                }
            }
            '・' | '•' | '‧' | '･' => '·',
            'X' | 'x' | '×' if prev.is_some_and(is_cjk) => '×',
            other => other,
        };
        out.push(c);
        prev = Some(c);
    }
    out
}

// ---------------------------------------------------------------- quotations

#[derive(Clone, Copy, Debug)]
struct Quote {
    open: usize,
    s: usize,
    e: usize,
    close_end: usize,
}

#[derive(Clone, Copy)]
enum Role {
    Open,
    Close,
    Toggle,
}

fn quote_kind(c: char) -> Option<(usize, Role)> {
    Some(match c {
        '“' => (0, Role::Open),
        '”' => (0, Role::Close),
        '「' => (1, Role::Open),
        '」' => (1, Role::Close),
        '‘' => (2, Role::Open),
        '’' => (2, Role::Close),
        '"' => (3, Role::Toggle),
        '＂' => (4, Role::Toggle),
        '『' => (5, Role::Open),
        '』' => (5, Role::Close),
        _ => return None,
    })
}

/// Pairs quotation marks of the same kind within one line and MAX_QUOTE_CHARS; linear.
fn pair_quotes(part: Region) -> Vec<Quote> {
    let text = part.text();
    let mut open: [Option<(usize, usize)>; 6] = [None; 6];
    let mut out = Vec::new();
    let mut i = 0;
    let mut marks = part.scan();
    // From one quotation mark (or line end) to the next; the characters between a pair
    // are counted only when it closes.
    while let Some((b, c)) = marks.find(&QUOTE_MARKS, i) {
        let after = b + c.len_utf8();
        i = after;
        if c == '\n' {
            open = [None; 6];
            continue;
        }
        let Some((k, role)) = quote_kind(c) else {
            continue;
        };
        let close = |o: (usize, usize)| -> Option<Quote> {
            text[o.1..b].chars().nth(MAX_QUOTE_CHARS).is_none().then_some(Quote {
                open: o.0,
                s: o.1,
                e: b,
                close_end: after,
            })
        };
        on_mark(&mut open[k], role, (b, after), close, &mut out);
    }
    out.sort_by_key(|q| q.open);
    out
}

/// A quotation mark of `role`, with `open` the pending opening mark of its kind: it opens
/// (`mark` becomes pending) or closes, giving a quotation when `close` accepts the pair.
fn on_mark<O: Copy>(
    open: &mut Option<O>,
    role: Role,
    mark: O,
    close: impl Fn(O) -> Option<Quote>,
    out: &mut Vec<Quote>,
) {
    match role {
        Role::Open => *open = Some(mark),
        Role::Close => out.extend(open.take().and_then(close)),
        Role::Toggle => match open.and_then(close) {
            Some(q) => {
                out.push(q);
                *open = None;
            }
            None => *open = Some(mark),
        },
    }
}

/// The quotation marks of [`quote_kind`] and the line end, where [`pair_quotes`] stops.
static QUOTE_MARKS: LazyLock<CharSet> = LazyLock::new(|| {
    CharSet::new((0..0x1_0000u32).filter_map(char::from_u32).filter(|&c| c == '\n' || quote_kind(c).is_some()))
});

/// Up to `k` chars before `pos` on the same line, in text order.
fn chars_before(text: &str, pos: usize, k: usize) -> &str {
    let Some(pre) = text.get(..pos) else {
        return "";
    };
    let start = pre.char_indices().rev().take_while(|&(_, c)| c != '\n').take(k).last().map_or(pos, |(i, _)| i);
    &pre[start..]
}

/// Up to `k` chars after `pos` on the same line.
fn chars_after(text: &str, pos: usize, k: usize) -> &str {
    let rest = text.get(pos..).unwrap_or("");
    let end = rest.char_indices().take_while(|&(_, c)| c != '\n').take(k).last().map_or(0, |(i, c)| i + c.len_utf8());
    &rest[..end]
}

/// The quotation is alone on its line (a headline quote).
fn whole_line(text: &str, q: &Quote) -> bool {
    let pre_ok =
        text.get(..q.open).unwrap_or("").chars().rev().find(|&c| !is_space(c) || c == '\n').is_none_or(|c| c == '\n');
    let post_ok =
        text.get(q.close_end..).unwrap_or("").chars().find(|&c| !is_space(c) || c == '\n').is_none_or(|c| c == '\n');
    pre_ok && post_ok
}

const HEAD_WORDS: &[&str] = &[
    "工作部署",
    "部署",
    "理念",
    "改革",
    "机制",
    "战略",
    "行动",
    "品牌",
    "工程",
    "大赛",
    "专项",
    "模式",
    "主题",
    "发布会",
    "活动",
    "工作法",
    "体系",
    "平台",
    "要求",
    "总要求",
    "目标",
    "原则",
    "方针",
    "精神",
    "思想",
    "制度",
    "试点",
    "经验",
    "计划",
    "建设",
    "标准",
    "政策",
    "布局",
    "格局",
    "路径",
    "导向",
    "举措",
    "场景",
    "任务",
    "攻坚",
    "攻坚战",
    "方略",
    "规划",
    "规划纲要",
    "时期",
    "开局",
    "开局之年",
    "口号",
    "标语",
    "工作",
    "重要论述",
    "重要讲话",
    "重要思想",
    "教育",
    "主题教育",
    "示范区",
    "先行区",
    "改革试点",
    "服务品牌",
    "创建",
    "方案",
    "整治",
    "运动",
    "专项行动",
    "三年行动",
    "政务服务品牌",
    "工作机制",
    "服务模式",
    "治理模式",
    "工作体系",
    "清单",
    "机制建设",
    "集中行动",
    "提升行动",
    "行动计划",
    "方面",
];

static HEADS: LazyLock<HashSet<&'static str, Fast>> = LazyLock::new(|| HEAD_WORDS.iter().copied().collect());

const STOP_CHARS: &str = "的地得和与及等是在了向把将被让使从到对就也都还而并且或为";

/// The head noun glued after a closing quote: the longest prefix (≤ 8 chars, Chinese only, no function
/// words) of the following text that ends in a formula head word.
fn head_after(text: &str, pos: usize) -> Option<String> {
    let rest = text.get(pos..).unwrap_or("");
    // Byte offsets in `rest` of the characters that may belong to the head: bounds[k] is
    // where character k starts, bounds[k + 1] where it ends.
    let mut bounds = [0usize; 9];
    let mut n = 0;
    for (i, c) in rest.char_indices() {
        if n == 8 || !is_cjk(c) || STOP_CHARS.contains(c) {
            break;
        }
        bounds[n] = i;
        bounds[n + 1] = i + c.len_utf8();
        n += 1;
    }
    for e in (1..=n).rev() {
        for s in 0..e {
            if HEADS.contains(&rest[bounds[s]..bounds[e]]) {
                return Some(rest[..bounds[e]].to_string());
            }
        }
    }
    None
}

const VERBS_BEFORE: &[&str] = &[
    "树牢",
    "践行",
    "坚持",
    "深化",
    "推进",
    "落实",
    "围绕",
    "健全",
    "做到",
    "增强",
    "坚定",
    "贯彻",
    "打造",
    "建设",
    "实施",
    "开展",
    "推行",
    "推广",
    "构建",
    "创建",
    "争创",
    "擦亮",
    "叫响",
    "唱响",
    "打响",
    "弘扬",
    "秉持",
    "秉承",
    "牢记",
    "领悟",
    "聚焦",
    "锚定",
    "紧扣",
    "扛牢",
    "树立",
    "巩固",
    "拓展",
    "用好",
    "完善",
    "强化",
    "启动",
    "探索",
    "推动",
    "实现",
    "遵循",
    "对标",
    "紧盯",
    "筑牢",
    "守牢",
    "深耕",
    "奏响",
    "提出",
    "倡导",
    "发扬",
    "传承",
    "落细",
    "抓实",
    "迈入",
    "加快",
    "加速",
    "写着",
    "印着",
    "喊出",
    "口号",
    "口号是",
    "标语",
    "主题为",
    "主题是",
    "开启",
    "部署",
    "谋划",
    "编制",
    "制定",
];

const SPEECH_BEFORE: &[&str] =
    &["：", ":", "说", "说道", "问道", "笑道", "讲", "喊", "写道", "答道", "俗称", "俗话", "流传着", "谚语", "老话"];

const NAME_BEFORE: &[&str] = &[
    "称为",
    "称作",
    "称",
    "叫",
    "叫做",
    "叫作",
    "誉为",
    "号称",
    "人称",
    "昵称",
    "外号",
    "绰号",
    "戏称",
    "唤作",
    "评为",
    "获评",
    "荣获",
    "授予",
    "命名为",
    "入选",
    "简称",
    "名为",
    "取名",
    "电视剧",
    "电影",
    "歌曲",
    "节目",
    "栏目",
    "纪录片",
    "小说",
    "专栏",
    "诗",
    "剧",
    "歌",
    "书",
    "影片",
    "话剧",
    "舞剧",
    "动画",
    "图书",
    "著作",
    "文章",
    "题为",
];

const SPEECH_AFTER: &[&str] =
    &["说", "说道", "表示", "介绍", "坦言", "感慨", "告诉记者", "回忆", "直言", "笑着说", "感叹", "补充"];

const NICK_SUFFIX: &[&str] =
    &["老师", "哥", "姐", "叔", "嫂", "婶", "姨", "爷", "奶", "妈", "大爷", "大妈", "师傅", "娃", "妹", "弟"];

const VOCAB: &[&str] = &[
    "化",
    "建设",
    "发展",
    "改革",
    "服务",
    "治理",
    "创新",
    "高质量",
    "安全",
    "数字",
    "智慧",
    "振兴",
    "融合",
    "协同",
    "共享",
    "共建",
    "共治",
    "惠民",
    "便民",
    "为民",
    "利民",
    "富民",
    "强国",
    "强省",
    "强市",
    "强区",
    "兴",
    "治",
    "党建",
    "法治",
    "廉",
    "营商",
    "监管",
    "审批",
    "帮扶",
    "攻坚",
    "示范",
    "提质",
    "增效",
    "赋能",
    "减负",
    "优化",
    "绿色",
    "生态",
    "低碳",
    "文明",
    "民生",
    "就业",
    "政务",
    "通办",
    "标准",
    "产业",
    "经济",
    "质量",
    "效能",
    "品质",
    "清单",
    "承诺",
    "机制",
    "行动",
    "工程",
    "提升",
    "党",
    "政",
    "民",
    "效",
    "办",
];

const PREFIXES: &[&str] = &[
    "健康", "数字", "智慧", "平安", "美丽", "法治", "幸福", "文明", "清廉", "书香", "诚信", "信用", "活力", "魅力",
    "生态", "绿色", "无废", "宜居", "和美", "数智", "品质", "善治", "红色", "暖心", "舒心", "放心",
];

const REDUP: &[&str] = &["人人", "户户", "村村", "家家", "处处", "事事", "个个", "时时", "天天", "企企", "件件"];

/// The context word lists, as [`WordList`]s: whether a text ends with one of the words is
/// a walk back over its last characters, not one comparison per word.
struct Endings {
    speech_before: WordList,
    name_before: WordList,
    speech_after: WordList,
    nick_suffix: WordList,
    verbs_before: WordList,
}

static ENDINGS: LazyLock<Endings> = LazyLock::new(|| {
    let list = |words: &[&'static str]| WordList::new(words.iter().copied());
    Endings {
        speech_before: list(SPEECH_BEFORE),
        name_before: list(NAME_BEFORE),
        speech_after: list(SPEECH_AFTER),
        nick_suffix: list(NICK_SUFFIX),
        verbs_before: list(VERBS_BEFORE),
    }
});

/// Whether `s` ends with one of the words of `list`.
fn ends_with_any(s: &str, list: &WordList) -> bool {
    list.longest_suffix(s).is_some()
}

/// [`VOCAB`] as a word list: whether a text contains one of its words is one pass over the
/// text's characters, not one substring search per word.
static VOCAB_LIST: LazyLock<WordList> = LazyLock::new(|| WordList::new(VOCAB.iter().copied()));

fn contains_vocab(s: &str) -> bool {
    s.char_indices().any(|(i, _)| VOCAB_LIST.longest_starting_at(s, i).is_some())
}

struct QuoteCtx<'a> {
    /// chars before the opening mark of the chain's first quotation
    before: &'a str,
    /// chars after this quotation's closing mark
    after: &'a str,
    /// head glued after the chain's last quotation
    head: Option<&'a str>,
    headline: bool,
}

/// Parallel structure: ≥2 parts split by 、，,；; each ≥2 chars, all the same length.
/// Returns (parallel, part_count, has_comma, part_len).
fn parallel_parts(inner: &str) -> (bool, usize, bool, usize) {
    let seps = ['、', '，', ',', '；', ';', '/'];
    let has_comma = inner.contains(['，', ',']);
    let parts: Vec<usize> =
        inner.split(|c| seps.contains(&c)).map(|p| p.chars().filter(|&c| !is_space(c)).count()).collect();
    if parts.len() < 2 {
        return (false, parts.len(), has_comma, 0);
    }
    let first = parts[0];
    let par = first >= 2 && parts.iter().all(|&n| n == first);
    (par, parts.len(), has_comma, first)
}

/// Is this quotation a slogan / formulation?
fn is_slogan_quote(inner: &str, ctx: &QuoteCtx, lex: &Lexicon) -> bool {
    let chars: Vec<char> = inner.chars().filter(|&c| !is_space(c)).collect();
    let n = chars.len();
    if !(2..=MAX_SLOGAN_CHARS).contains(&n) {
        return false;
    }
    if inner.chars().any(is_quote_char) {
        return false;
    }
    if lex.known.contains(&canonical(inner)) {
        return true;
    }
    // --- vetoes: speech, first/second person, headline, names, titles, sayings
    if inner.contains(['。', '！', '？', '!', '?', '…', '；', ';', '～', '~']) {
        return false;
    }
    if inner.contains(['我', '你', '您', '咱', '俺'])
        || inner.contains(['吗', '呢', '吧', '啊', '呀', '哇', '嘛', '啦', '哟', '哦'])
    {
        return false;
    }
    if ctx.headline {
        return false;
    }
    let before = ctx.before.trim_end_matches(|c: char| is_space(c) || c == '，' || c == ',');
    let endings = &*ENDINGS;
    if ends_with_any(before, &endings.speech_before) || ends_with_any(ctx.before, &endings.name_before) {
        return false;
    }
    let after = ctx.after.trim_start_matches(|c: char| is_space(c) || c == '，' || c == ',');
    let run_end =
        after.char_indices().take_while(|&(_, c)| is_cjk(c)).take(6).last().map_or(0, |(i, c)| i + c.len_utf8());
    if ends_with_any(&after[..run_end], &endings.speech_after) || after.starts_with('号') {
        return false;
    }
    if n <= 4 && (ends_with_any(inner, &endings.nick_suffix) || (n == 2 && matches!(chars[0], '小' | '老' | '阿'))) {
        return false;
    }
    if chars[n - 1] == '号' {
        return false;
    }
    let (parallel, nparts, has_comma, part_len) = parallel_parts(inner);
    if !parallel && has_comma && nparts >= 3 {
        return false; // saying / speech fragment
    }
    if n > 12 && !parallel {
        return false;
    }
    if n == 2 && nparts == 1 {
        return ctx.head.is_some();
    }
    // --- score
    let mut score = 0i32;
    let digitish = chars.iter().all(|&c| c.is_ascii_digit() || "+-—×Xx.·＋N".contains(c));
    if digitish {
        score += 1;
    } else {
        // comma-separated halves of five or more chars are as often proverbs (宁可食无肉，不可居无竹) as slogans
        let weak_parallel = parallel && has_comma && part_len >= 5;
        if weak_parallel {
            score += 1;
        }
        let strong = (parallel && !weak_parallel)
            || (n == 4 && chars[0] == '一' && chars[2] == '一' && chars[1] != chars[3])
            || (n == 4 && chars[2] == '为')
            || inner.contains(['+', '＋'])
            || (n >= 3 && matches!(chars[n - 1], '×' | 'X' | 'x') && is_cjk(chars[n - 2]))
            || (n >= 3 && is_cn_numeral(chars[0]) && chars[0] != '一' && "个大项张条化有严实不".contains(chars[1]))
            || (is_cn_numeral(chars[0])
                && chars.iter().skip(2).any(|&c| is_cn_numeral(c))
                && !chars.iter().all(|&c| is_cn_numeral(c)));
        if strong {
            score += 3;
        }
    }
    if ctx.head.is_some() {
        score += 2;
    }
    if ends_with_any(ctx.before, &ENDINGS.verbs_before) {
        score += 2;
    }
    if ctx.before.ends_with('以') && ctx.after.starts_with('为') {
        score += 2;
    }
    if ["的横幅", "的标语", "的口号", "横幅", "标语", "口号"].iter().any(|w| ctx.after.starts_with(w)) {
        score += 2;
    }
    // contains a formula of the lexicon (“五级书记抓乡村振兴”)
    if lex.find_all(inner).iter().any(|&(s, e)| e - s >= 9) {
        score += 2;
    }
    // a prefix pattern (健康X, 数字X …) and policy vocabulary count once each, the prefix itself not as vocabulary
    let rest = match PREFIXES.iter().find(|p| n >= 4 && inner.starts_with(*p)) {
        Some(p) => {
            score += 1;
            inner.strip_prefix(*p).unwrap_or(inner)
        }
        None => inner,
    };
    if contains_vocab(rest) {
        score += 1;
    }
    if REDUP.iter().any(|p| inner.starts_with(p)) {
        score += 1;
    }
    if before.ends_with("表示") || before.ends_with("认为") || before.ends_with("感叹") {
        score -= 1;
    }
    if n > 5 && inner.contains('的') {
        score -= 1;
    }
    if inner.contains('了') {
        score -= 1;
    }
    score >= 2
}

// ---------------------------------------------------------------- candidates

struct Cand {
    prio: u8,
    start: usize,
    end: usize,
    quoted: bool,
    head: Option<String>,
}

fn trimmed_span(text: &str, s: usize, e: usize) -> Option<(usize, usize)> {
    let inner = text.get(s..e)?;
    let lead = inner.len() - inner.trim_start_matches(is_space).len();
    let t = inner.trim_matches(is_space);
    if t.is_empty() {
        return None;
    }
    Some((s + lead, s + lead + t.len()))
}

fn quoted_hits(part: Region, lex: &Lexicon, out: &mut Vec<Cand>) {
    let text = part.text();
    let quotes = pair_quotes(part);
    let mut i = 0;
    while i < quotes.len() {
        // a chain of adjacent quotations shares its left context and its head: “健康内蒙古”“健康通辽”战略
        let mut j = i;
        while j + 1 < quotes.len() {
            let (a, b) = (quotes[j], quotes[j + 1]);
            let linked = b.open >= a.close_end
                && b.open - a.close_end <= 6
                && matches!(text.get(a.close_end..b.open), Some("" | "、" | "和" | "与" | "及"));
            if !linked {
                break;
            }
            j += 1;
        }
        let before = chars_before(text, quotes[i].open, 8);
        let head = head_after(text, quotes[j].close_end);
        for q in &quotes[i..=j] {
            let Some(inner) = text.get(q.s..q.e) else {
                continue;
            };
            let after = chars_after(text, q.close_end, 10);
            let ctx = QuoteCtx { before, after, head: head.as_deref(), headline: i == j && whole_line(text, q) };
            if is_slogan_quote(inner, &ctx, lex) {
                if let Some((s, e)) = trimmed_span(text, q.s, q.e) {
                    out.push(Cand { prio: 0, start: s, end: e, quoted: true, head: head.clone() });
                }
            }
        }
        i = j + 1;
    }
}

const ORG_AFTER: &[&str] = &[
    "促进会",
    "协会",
    "研究会",
    "基金会",
    "研究院",
    "研究所",
    "研究中心",
    "领导小组",
    "办公室",
    "委员会",
    "学会",
    "联盟",
];

/// The dictionary's matches in `text` that contain a numeral: the leftmost-longest
/// matches of the whole text, less those without one.
///
/// A match never crosses a character that no formula contains, so the text is searched
/// run by run of such characters, and only the runs where a formula with a numeral
/// occurs. Such a run holds a numeral, which few do: the runs are found from the
/// numerals, and a run is searched when the numbered formulas' own search finds one in it.
fn numbered_matches(part: Region, lex: &Lexicon) -> Vec<(usize, usize)> {
    let in_run = |c: char| lex.alphabet.contains(c);
    let mut matches = Vec::new();
    let numbered = |w: &str| w.chars().any(is_numeral) && lex.formulas.contains(w);
    let mut scan = part.scan();
    let mut from = 0;
    while let Some((i, c)) = scan.find(&NUMERALS, from) {
        from = i + c.len_utf8();
        if !in_run(c) {
            continue;
        }
        let (a, run) = scan.run_around(i, in_run);
        // The run's other numerals are passed over.
        from = a + run.text().len();
        if !lex.numbered.any_in(run, numbered) {
            continue;
        }
        let words = run.text();
        lex.for_each_in(run, |s, e| {
            if words[s..e].chars().any(is_numeral) {
                matches.push((a + s, a + e));
            }
        });
    }
    matches
}

fn lexicon_hits(part: Region, lex: &Lexicon, out: &mut Vec<Cand>) {
    let text = part.text();
    // Outside quotation marks only numbered formulas count (两个确立, 八项规定, 十五五):
    // an unquoted 高质量发展 is running text, not a cited formulation.
    for (s, e) in numbered_matches(part, lex) {
        let (Some(pre), Some(hit), Some(post)) = (text.get(..s), text.get(s..e), text.get(e..)) else {
            continue;
        };
        let first = hit.chars().next();
        let last = hit.chars().next_back();
        let prev = pre.chars().next_back();
        let next = post.chars().next();
        if first.is_some_and(is_numeral) && prev.is_some_and(|c| is_numeral(c) || c == '第') {
            continue;
        }
        if last.is_some_and(is_numeral) && next.is_some_and(is_numeral) {
            continue;
        }
        if ORG_AFTER.iter().any(|o| post.starts_with(o)) {
            continue;
        }
        out.push(Cand { prio: 1, start: s, end: e, quoted: false, head: None });
    }
}

/// numeral + 个/大/项/张 + a formula head ([`FORMULA_HEADS`]): from left to right, each
/// search going on after the last match, as a regex search would.
fn numeral_hits(part: Region, out: &mut Vec<Cand>) {
    let text = part.text();
    let mut scan = part.scan();
    let mut from = 0;
    while let Some((i, c)) = scan.find(&FORMULA_NUMERAL, from) {
        from = i + c.len_utf8();
        let Some(counter) = text[from..].chars().next().filter(|c| matches!(c, '个' | '大' | '项' | '张')) else {
            continue;
        };
        let at = from + counter.len_utf8();
        let Some(head) = FORMULA_HEADS.iter().find(|h| text[at..].starts_with(*h)) else {
            continue;
        };
        from = at + head.len();
        let prev = text[..i].chars().next_back();
        if prev.is_some_and(|c| is_numeral(c) || c == '第') {
            continue;
        }
        out.push(Cand { prio: 3, start: i, end: from, quoted: false, head: None });
    }
}

#[derive(Clone, Copy)]
struct Part {
    s: usize,
    e: usize,
    n: usize,
}

const BAD_PREFIX: &str = "一第各每这那其的和与及在是大小高低多少上下中省市县区国全总";

/// Byte offset in `text` of the start of the last `l` chars of `p`.
fn suffix_start(text: &str, p: Part, l: usize) -> Option<usize> {
    if p.n < l || l == 0 {
        return None;
    }
    let seg = text.get(p.s..p.e)?;
    seg.char_indices().rev().nth(l - 1).map(|(b, _)| p.s + b)
}

/// Byte offset in `text` of the end of the first `l` chars of `p`.
fn prefix_end(text: &str, p: Part, l: usize) -> Option<usize> {
    if p.n < l {
        return None;
    }
    let seg = text.get(p.s..p.e)?;
    Some(match seg.char_indices().nth(l) {
        Some((b, _)) => p.s + b,
        None => p.e,
    })
}

fn common_prefix(items: &[&str]) -> usize {
    let Some(first) = items.first() else {
        return 0;
    };
    let mut n = 0;
    for (k, c) in first.chars().enumerate().take(3) {
        if items.iter().all(|it| it.chars().nth(k) == Some(c)) {
            n += 1;
        } else {
            break;
        }
    }
    n
}

fn process_run(text: &str, parts: &[Part], out: &mut Vec<Cand>) {
    let k = parts.len();
    if k < 3 {
        return;
    }
    let mut i = 1;
    while i + 1 < k {
        let l = parts[i].n;
        if !(3..=5).contains(&l) {
            i += 1;
            continue;
        }
        let mut j = i;
        while j + 2 < k && parts[j + 1].n == l {
            j += 1;
        }
        let left = suffix_start(text, parts[i - 1], l).map(|s| (s, parts[i - 1].e));
        let right = prefix_end(text, parts[j + 1], l).map(|e| (parts[j + 1].s, e));
        let inner: Vec<(usize, usize)> = parts[i..=j].iter().map(|p| (p.s, p.e)).collect();
        for (use_l, use_r) in [(true, true), (false, true), (true, false), (false, false)] {
            if (use_l && left.is_none()) || (use_r && right.is_none()) {
                continue;
            }
            let mut items: Vec<(usize, usize)> = Vec::new();
            if use_l {
                items.extend(left);
            }
            items.extend(inner.iter().copied());
            if use_r {
                items.extend(right);
            }
            if items.len() < 3 {
                continue;
            }
            let strs: Vec<&str> = items.iter().filter_map(|&(s, e)| text.get(s..e)).collect();
            if strs.len() != items.len() {
                break;
            }
            let cp = common_prefix(&strs);
            let bad = strs[0].chars().next().is_some_and(|c| BAD_PREFIX.contains(c));
            if cp >= 1 && !bad {
                if let (Some(f), Some(l)) = (items.first(), items.last()) {
                    out.push(Cand { prio: 2, start: f.0, end: l.1, quoted: false, head: None });
                }
                break;
            }
        }
        i = j + 1;
    }
}

/// Parallel lists (A、B、C with a common head): runs of Han characters and 、, cut at the
/// 、 into parts. Only a run with two 、 or more has three parts, so the runs are found
/// from their 、 (a byte search), not by walking every character of the text.
fn parallel_hits(part: Region, out: &mut Vec<Cand>) {
    static LIST_MARK: LazyLock<memchr::memmem::Finder<'static>> = LazyLock::new(|| memchr::memmem::Finder::new("、"));
    let text = part.text();
    let in_run = |c: char| is_cjk(c) || c == '、';
    let mut parts: Vec<Part> = Vec::new();
    let mut pos = 0;
    // A search for the three bytes of 、, not for its last one (a common continuation byte).
    while let Some(d) = text.get(pos..).and_then(|rest| LIST_MARK.find(rest.as_bytes())).map(|i| pos + i) {
        // The run around this 、 (it starts after `pos`: the last run ended on a character
        // outside runs).
        let (start, run) = part.run_around(d, in_run);
        let end = start + run.text().len();
        parts.clear();
        let mut cur = Part { s: start, e: start, n: 0 };
        for (j, c) in run.char_indices() {
            let b = start + j;
            if c == '、' {
                parts.push(cur);
                let nb = b + c.len_utf8();
                cur = Part { s: nb, e: nb, n: 0 };
            } else {
                cur.n += 1;
                cur.e = b + c.len_utf8();
            }
        }
        parts.push(cur);
        process_run(text, &parts, out);
        pos = end;
    }
}

/// Slogans/formulations in an article. For a quoted one the span is the inside of the quotes (no quote marks).
/// `head` is the head noun glued after the closing quote when there is one (“1571”工作部署 → text 1571, head Some("工作部署")).
pub fn find_slogans(text: &str) -> Vec<SloganHit> {
    find_slogans_in(Decoded::new(text).all())
}

/// [`find_slogans`] in a part of a decoded page (offsets relative to the part).
pub fn find_slogans_in(part: Region) -> Vec<SloganHit> {
    let lex = &*LEXICON;
    let mut cands = Vec::new();
    quoted_hits(part, lex, &mut cands);
    parallel_hits(part, &mut cands);
    lexicon_hits(part, lex, &mut cands);
    numeral_hits(part, &mut cands);
    cands.sort_by_key(|c| (c.prio, c.start, std::cmp::Reverse(c.end)));
    let mut taken: BTreeMap<usize, usize> = BTreeMap::new();
    let mut hits = Vec::new();
    for c in cands {
        if c.start >= c.end {
            continue;
        }
        let clash_prev = taken.range(..c.end).next_back().is_some_and(|(_, &e)| e > c.start);
        if clash_prev {
            continue;
        }
        taken.insert(c.start, c.end);
        hits.push(SloganHit { start: c.start, end: c.end, quoted: c.quoted, head: c.head });
    }
    hits.sort_by_key(|h| h.start);
    hits
}

/// The slogan extractor of the pipeline: [`find_slogans`] over each article's text.
pub struct SloganExtractor;

impl super::Extractor for SloganExtractor {
    fn kind(&self) -> crate::model::Kind {
        crate::model::Kind::Slogan
    }

    fn extract(&self, doc: &super::Doc, out: &mut Vec<crate::model::Mention>) {
        super::per_article(
            doc,
            out,
            crate::model::Kind::Slogan,
            |k, _| find_slogans_in(doc.article_region(&doc.articles[k])),
            |h| (h.start, h.end),
            |surface, h| {
                Some(crate::model::Detail::Slogan { quoted: h.quoted, head: h.head, canonical: canonical(surface) })
            },
        );
    }
}

/// The sets the slogan finders scan for: quotation marks, the numerals of numbered
/// heads, the first characters of the formulas, and the numerals.
pub(crate) fn scanned_sets() -> [&'static CharSet; 4] {
    [&*QUOTE_MARKS, &*FORMULA_NUMERAL, LEXICON.index.first_chars(), &*NUMERALS]
}

/// Build this module's tables now (see [`crate::Pipeline::warm_up`]).
pub(crate) fn warm_up() {
    LazyLock::force(&LEXICON);
    LazyLock::force(&FORMULA_NUMERAL);
    LazyLock::force(&NUMERALS);
    LazyLock::force(&HEADS);
    LazyLock::force(&VOCAB_LIST);
    LazyLock::force(&ENDINGS);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The context lists as word lists say what comparing every word says.
    #[test]
    fn context_endings_are_found_as_by_every_word() {
        let endings = &*ENDINGS;
        let lists: [(&[&str], &WordList); 5] = [
            (SPEECH_BEFORE, &endings.speech_before),
            (NAME_BEFORE, &endings.name_before),
            (SPEECH_AFTER, &endings.speech_after),
            (NICK_SUFFIX, &endings.nick_suffix),
            (VERBS_BEFORE, &endings.verbs_before),
        ];
        let mut rng = crate::extract::test_rng(5);
        let mut hits = 0;
        for (words, list) in lists {
            let mut pieces: Vec<String> = words.iter().map(|w| w.to_string()).collect();
            pieces.extend(words.iter().map(|w| w.chars().skip(1).collect::<String>()));
            pieces.extend(["的", "“", "a"].map(String::from));
            for _ in 0..2000 {
                let text: String = (0..rng() % 4).map(|_| pieces[rng() as usize % pieces.len()].as_str()).collect();
                let want = words.iter().any(|w| text.ends_with(w));
                assert_eq!(ends_with_any(&text, list), want, "{text:?}");
                hits += usize::from(want);
            }
        }
        assert!(hits > 3_000, "{hits}");
    }

    /// The context around a quotation is what collecting its characters gave.
    #[test]
    fn context_slices_are_the_collected_characters() {
        let mut rng = crate::extract::test_rng(11);
        let alphabet: Vec<char> = "说“”道a1\n，。号𠀋".chars().collect();
        for _ in 0..3000 {
            let text: String = (0..rng() % 20).map(|_| alphabet[rng() as usize % alphabet.len()]).collect();
            for pos in text.char_indices().map(|(i, _)| i).chain([text.len()]) {
                for k in [0, 1, 3, 8, 10] {
                    let mut v: Vec<char> = text[..pos].chars().rev().take_while(|&c| c != '\n').take(k).collect();
                    v.reverse();
                    assert_eq!(chars_before(&text, pos, k), v.into_iter().collect::<String>(), "{text:?} {pos} {k}");
                    let after: String = text[pos..].chars().take_while(|&c| c != '\n').take(k).collect();
                    assert_eq!(chars_after(&text, pos, k), after, "{text:?} {pos} {k}");
                }
            }
        }
    }

    #[test]
    fn vocabulary_and_heads_are_found_as_by_search() {
        // The substring searches and the allocating head search these replaced.
        let contains_any = |s: &str| VOCAB.iter().any(|w| s.contains(w));
        let head_after_by_strings = |text: &str, pos: usize| -> Option<String> {
            let w: Vec<char> =
                text[pos..].chars().take_while(|&c| is_cjk(c) && !STOP_CHARS.contains(c)).take(8).collect();
            for e in (1..=w.len()).rev() {
                for s in 0..e {
                    let cand: String = w[s..e].iter().collect();
                    if HEADS.contains(cand.as_str()) {
                        return Some(w[..e].iter().collect());
                    }
                }
            }
            None
        };
        let page = include_str!("../../tests/fixtures/tongliao-2026-03-21-p1.txt");
        let mut pieces: Vec<&str> = VOCAB.to_vec();
        pieces.extend(HEAD_WORDS);
        pieces.extend(["的", "和", "一", "“", "，", "a", "工", "作"]);
        let mut next = crate::extract::test_rng(0x0123_4567_89AB_CDEFu64);
        let (mut vocab_hits, mut head_hits) = (0, 0);
        for round in 0..3000 {
            let text: String = if round == 0 {
                page.to_string()
            } else {
                (0..next() % 6).map(|_| pieces[next() as usize % pieces.len()]).collect()
            };
            for (i, _) in text.char_indices().take(400) {
                let end = text[i..].char_indices().nth(13).map_or(text.len(), |(k, _)| i + k);
                let s = &text[i..end];
                assert_eq!(contains_vocab(s), contains_any(s), "{s:?}");
                vocab_hits += usize::from(contains_any(s));
                let want = head_after_by_strings(&text, i);
                head_hits += usize::from(want.is_some());
                assert_eq!(head_after(&text, i), want, "{text:?} at {i}");
            }
        }
        assert!(vocab_hits > 100 && head_hits > 100, "{vocab_hits} {head_hits}");
    }

    /// The character-by-character version `pair_quotes` replaced, as its oracle (the
    /// pairing itself, `on_mark`, is shared: what is compared is how the marks are found
    /// and the characters between them counted).
    fn pair_quotes_by_char(text: &str) -> Vec<Quote> {
        let mut open: [Option<(usize, usize, usize)>; 6] = [None; 6];
        let mut out = Vec::new();
        for (ci, (b, c)) in text.char_indices().enumerate() {
            if c == '\n' {
                open = [None; 6];
                continue;
            }
            let Some((k, role)) = quote_kind(c) else {
                continue;
            };
            let after = b + c.len_utf8();
            let close = |o: (usize, usize, usize)| -> Option<Quote> {
                if ci - o.2 - 1 <= MAX_QUOTE_CHARS {
                    Some(Quote { open: o.0, s: o.1, e: b, close_end: after })
                } else {
                    None
                }
            };
            on_mark(&mut open[k], role, (b, after, ci), close, &mut out);
        }
        out.sort_by_key(|q| q.open);
        out
    }

    #[test]
    fn quote_pairs_are_those_of_the_char_walk() {
        let page = include_str!("../../tests/fixtures/tongliao-2026-03-21-p1.txt");
        let pieces = ["“", "”", "「", "」", "‘", "’", "\"", "＂", "『", "』", "\n", "两个确立", "字", "a", "，", "𠀋"];
        let mut next = crate::extract::test_rng(0x5851_F42D_4C95_7F2Du64);
        let mut pairs = 0;
        for round in 0..4000 {
            let text: String = if round == 0 {
                page.to_string()
            } else {
                let filler = "字".repeat(next() as usize % 70);
                (0..next() % 12)
                    .map(|_| {
                        if next().is_multiple_of(5) {
                            filler.as_str()
                        } else {
                            pieces[next() as usize % pieces.len()]
                        }
                    })
                    .collect()
            };
            let want = pair_quotes_by_char(&text);
            pairs += want.len();
            let got = pair_quotes(Decoded::new(&text).all());
            let key = |q: &Quote| (q.open, q.s, q.e, q.close_end);
            assert_eq!(got.iter().map(key).collect::<Vec<_>>(), want.iter().map(key).collect::<Vec<_>>(), "{text:?}");
        }
        assert!(pairs > 500, "{pairs}");
    }

    /// The character-by-character version `parallel_hits` replaced, as its oracle.
    fn parallel_hits_by_char(part: Region, out: &mut Vec<Cand>) {
        let text = part.text();
        let mut parts: Vec<Part> = Vec::new();
        let mut cur = Part { s: 0, e: 0, n: 0 };
        let mut in_run = false;
        for (b, c) in text.char_indices() {
            if is_cjk(c) {
                if !in_run {
                    in_run = true;
                    parts.clear();
                    cur = Part { s: b, e: b, n: 0 };
                }
                cur.n += 1;
                cur.e = b + c.len_utf8();
            } else if c == '、' {
                if !in_run {
                    in_run = true;
                    parts.clear();
                    cur = Part { s: b, e: b, n: 0 };
                }
                parts.push(cur);
                let nb = b + c.len_utf8();
                cur = Part { s: nb, e: nb, n: 0 };
            } else if in_run {
                parts.push(cur);
                process_run(text, &parts, out);
                parts.clear();
                in_run = false;
            }
        }
        if in_run {
            parts.push(cur);
            process_run(text, &parts, out);
        }
    }

    #[test]
    fn parallel_runs_found_from_their_commas_are_those_of_the_walk() {
        let spans = |f: fn(Region, &mut Vec<Cand>), text: &str| {
            let mut out = Vec::new();
            f(Decoded::new(text).all(), &mut out);
            out.iter().map(|c| (c.prio, c.start, c.end)).collect::<Vec<_>>()
        };
        // Random texts of list-like pieces (Han words of 1 to 6 characters that often share
        // their first one), 、 and run breakers.
        let han = ['健', '康', '数', '字', '绿', '一', '中'];
        let breakers = ['，', 'a', '\n', '“', ' '];
        let mut next = crate::extract::test_rng(0x9E37_79B9_7F4A_7C15u64);
        let mut found = 0;
        for _ in 0..5000 {
            let mut text = String::new();
            for _ in 0..next() % 12 {
                match next() % 8 {
                    0 => text.push(breakers[next() as usize % breakers.len()]),
                    1..=3 => text.push('、'),
                    _ => {
                        text.push(if next().is_multiple_of(3) { '中' } else { '健' });
                        // Mostly four characters, as list items of the same length are.
                        for _ in 0..if next().is_multiple_of(3) { next() % 6 } else { 3 } {
                            text.push(han[next() as usize % han.len()]);
                        }
                    }
                }
            }
            let want = spans(parallel_hits_by_char, &text);
            found += want.len();
            assert_eq!(spans(parallel_hits, &text), want, "{text:?}");
        }
        assert!(found >= 20, "{found}");
        let page = include_str!("../../tests/fixtures/tongliao-2026-03-21-p1.txt");
        assert_eq!(spans(parallel_hits, page), spans(parallel_hits_by_char, page));
        let list = "推进健康城市、健康乡村、健康家庭建设，建设数字政府、数字社会、数字经济。";
        assert_eq!(spans(parallel_hits, list).len(), 2);
    }

    /// The formulas found with the name index are those a leftmost-longest Aho-Corasick
    /// automaton over them finds (which is what the extractor used before).
    fn automaton(lex: &Lexicon) -> aho_corasick::AhoCorasick {
        let mut pats: Vec<&String> = lex.formulas.iter().collect();
        pats.sort();
        aho_corasick::AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::LeftmostLongest)
            .build(pats)
            .expect("slogan automaton")
    }

    #[test]
    fn formulas_are_found_leftmost_longest() {
        let lex = &*LEXICON;
        let ac = automaton(lex);
        let mut pats: Vec<&String> = lex.formulas.iter().collect();
        pats.sort();
        let texts = [
            include_str!("../../tests/fixtures/tongliao-2026-03-21-p1.txt").to_string(),
            pats.iter().map(|p| p.as_str()).collect::<String>(),
            pats.iter().rev().map(|p| format!("{p}{}", p.chars().take(2).collect::<String>())).collect(),
        ];
        for text in &texts {
            let want: Vec<(usize, usize)> = ac.find_iter(text.as_str()).map(|m| (m.start(), m.end())).collect();
            assert!(!want.is_empty());
            assert_eq!(lex.find_all(text), want);
            let mut decoded = Vec::new();
            lex.for_each_in(Decoded::new(text).all(), |a, b| decoded.push((a, b)));
            assert_eq!(decoded, want);
        }
    }

    #[test]
    fn the_numeral_set_is_is_numeral() {
        for c in (0..0x11_0000).filter_map(char::from_u32) {
            assert_eq!(NUMERALS.contains(c), is_numeral(c), "{c:?}");
        }
    }

    #[test]
    fn numbered_matches_are_those_of_the_whole_text() {
        let lex = &*LEXICON;
        let ac = automaton(lex);
        let texts = [
            include_str!("../../tests/fixtures/tongliao-2026-03-21-p1.txt"),
            "坚持“两个确立”、做到“两个维护”，增强四个意识、坚定四个自信，落实八项规定精神，推进“十五五”规划。",
            "深刻领悟两个确立的决定性意义，严格落实中央八项规定，全面从严治党，三个代表重要思想。",
        ];
        let mut found = 0;
        for text in texts {
            let whole: Vec<(usize, usize)> = ac
                .find_iter(text)
                .filter(|m| text[m.range()].chars().any(is_numeral))
                .map(|m| (m.start(), m.end()))
                .collect();
            assert_eq!(numbered_matches(Decoded::new(text).all(), lex), whole);
            found += whole.len();
        }
        assert!(found >= 5, "{found}");
        // Formulas, their halves (so that matches shadow and overlap one another), and
        // characters outside and inside the formulas' alphabet, at random.
        let mut pieces: Vec<String> = Vec::new();
        for f in &lex.formulas {
            let cs: Vec<char> = f.chars().collect();
            pieces.push(f.clone());
            pieces.push(cs[..cs.len() / 2].iter().collect());
            pieces.push(cs[cs.len() / 2..].iter().collect());
        }
        pieces.sort();
        pieces.extend(["，", "“", "一", "的", "a", "\n"].map(String::from));
        let mut next = crate::extract::test_rng(0x5DEE_CE66_D1CE_4E5Bu64);
        let mut found = 0;
        for _ in 0..4000 {
            let text: String = (0..next() % 8).map(|_| pieces[next() as usize % pieces.len()].as_str()).collect();
            let whole: Vec<(usize, usize)> = ac
                .find_iter(text.as_str())
                .filter(|m| text[m.range()].chars().any(is_numeral))
                .map(|m| (m.start(), m.end()))
                .collect();
            assert_eq!(numbered_matches(Decoded::new(&text).all(), lex), whole, "{text:?}");
            found += whole.len();
        }
        assert!(found >= 1000, "{found}");
    }

    /// The regular expression `numeral_hits` replaced, as its oracle.
    #[test]
    fn numbered_heads_are_found_as_by_the_regex() {
        let re =
            regex::Regex::new(&format!("[{FORMULA_NUMERALS}](?:个|大|项|张)(?:{})", FORMULA_HEADS.join("|"))).unwrap();
        let by_regex = |text: &str| -> Vec<(usize, usize)> {
            re.find_iter(text)
                .filter(|m| !text[..m.start()].chars().next_back().is_some_and(|c| is_numeral(c) || c == '第'))
                .map(|m| (m.start(), m.end()))
                .collect()
        };
        let mut pieces: Vec<&str> = FORMULA_HEADS.to_vec();
        pieces.extend(["两个", "三项", "四大", "八张", "十", "第", "个", "一", "，", "的"]);
        let mut next = crate::extract::test_rng(0x1234_5678_9ABC_DEF1u64);
        let mut found = 0;
        for _ in 0..5000 {
            let text: String = (0..next() % 10).map(|_| pieces[next() as usize % pieces.len()]).collect();
            let mut out = Vec::new();
            numeral_hits(Decoded::new(&text).all(), &mut out);
            let want = by_regex(&text);
            found += want.len();
            assert_eq!(out.iter().map(|c| (c.start, c.end)).collect::<Vec<_>>(), want, "{text:?}");
        }
        assert!(found >= 1000, "{found}");
    }

    fn texts(t: &str) -> Vec<&str> {
        find_slogans(t).iter().map(|h| &t[h.start..h.end]).collect()
    }

    #[test]
    fn quoted_formulations() {
        assert_eq!(texts("深入贯彻自治区党委“1571”工作部署。"), vec!["1571"]);
        let h = find_slogans("深入贯彻自治区党委“1571”工作部署。");
        assert_eq!(h[0].head.as_deref(), Some("工作部署"));
        assert!(h[0].quoted);
        assert_eq!(texts("树牢“项目为王、招商为要”理念"), vec!["项目为王、招商为要"]);
        assert_eq!(texts("健全“一企一策”帮扶机制"), vec!["一企一策"]);
        assert_eq!(texts("服务“健康内蒙古”“健康通辽”战略"), vec!["健康内蒙古", "健康通辽"]);
        assert_eq!(texts("落实“三单一函”等5项配套机制"), vec!["三单一函"]);
        assert_eq!(texts("提质扩面“数据要素X”大赛"), vec!["数据要素X"]);
    }

    #[test]
    fn quoted_negatives() {
        assert!(texts("重“痕”不重“绩”、留“迹”不留“心”").is_empty());
        assert!(texts("被乡亲们亲切地称为“韩老师”的退休老干部").is_empty());
        assert!(texts("“我们持续扩充完善知识库。”孙宇说。").is_empty());
        assert!(texts("“种一坨子，收一车，打一麻袋，煮一锅，吃一顿，剩不多”是真实写照。").is_empty());
        assert!(texts("标题\n“因为我对这坨沼爱得深沉”\n正文").is_empty());
    }

    #[test]
    fn lexicon_and_parallel() {
        assert_eq!(texts("深入贯彻中央八项规定精神"), vec!["中央八项规定精神"]);
        assert_eq!(
            texts("健全落实以学铸魂、以学增智、以学正风、以学促干长效机制"),
            vec!["以学铸魂、以学增智、以学正风、以学促干"]
        );
        assert!(texts("专职、挂职、兼职相结合").is_empty());
        assert!(texts("增强政治性、先进性、群众性").is_empty());
        assert_eq!(texts("牢记三个务必"), vec!["三个务必"]);
        assert_eq!(texts("坚持五个必须"), vec!["五个必须"]);
        assert_eq!(texts("做到两个确保"), vec!["两个确保"]);
    }

    #[test]
    fn canonical_folds() {
        assert_eq!(canonical("抓住五子,奔活全盘"), "抓住五子，奔活全盘");
        assert_eq!(canonical("数据要素X"), "数据要素×");
        assert_eq!(canonical("人工智能＋"), "人工智能+");
        assert_eq!(canonical(" 一网 通办 "), "一网通办");
        assert_eq!(canonical("健康中国２０３０"), "健康中国2030");
        assert_eq!(canonical("项目为王、招商为要"), "项目为王、招商为要");
    }

    #[test]
    fn adversarial() {
        let many = "“".repeat(20_000);
        assert!(find_slogans(&many).is_empty());
        let mixed = "“两个确立”".repeat(5000) + &"”“".repeat(5000) + "😀“😀”\"\"\"'";
        for h in find_slogans(&mixed) {
            assert!(mixed.is_char_boundary(h.start) && mixed.is_char_boundary(h.end) && h.start < h.end);
        }
        assert!(find_slogans("").is_empty());
        assert!(find_slogans("、、、、以、、").is_empty());
    }
}
