//! newsfacts turns Chinese newspaper pages into tables of facts.
//!
//! The pipeline, one module per stage, each a plain function over the types in [`model`]:
//!
//! 1. [`input`]: files, directories, JSON Lines and stdin in; decoded page texts out.
//! 2. [`normalize`]: fold punctuation and width, rejoin lines the layout cut, take out
//!    continuation markers.
//! 3. [`articles`]: split the page into articles (title, subtitle, authors, dateline,
//!    continuation) and sentences, using [`byline`] for bylines and datelines.
//! 4. [`segment`]: jieba-rs with the project's dictionaries, once per process.
//! 5. [`extract`]: people, places, organisations, dates, figures, slogans, documents,
//!    each behind the small [`extract::Extractor`] trait.
//! 6. [`output`]: the JSON document of a page and the CSV tables of a batch, written
//!    whole or not at all; [`batch`] runs it all in parallel, in input order.
//!
//! ```
//! let pipeline = newsfacts::Pipeline::new();
//! let page = pipeline.process("新华社北京3月20日电 国务院总理李强在北京会见了法国总统。", newsfacts::Ymd::new(2026, 3, 21));
//! let doc = newsfacts::output::PageDoc::new("p1", "example", page);
//! assert!(doc.mentions.iter().any(|m| m.text == "李强"));
//! for m in &doc.mentions {
//!     let text: String = doc.text.chars().skip(m.start).take(m.end - m.start).collect();
//!     assert_eq!(text, m.text);
//! }
//! ```

#![allow(clippy::explicit_counter_loop, clippy::needless_range_loop)]

pub mod articles;
pub mod basedate;
pub mod batch;
pub mod byline;
pub mod dictionaries;
pub mod error;
pub mod extract;
pub mod hugepages;
pub mod input;
pub mod model;
pub mod normalize;
pub mod output;
pub mod pipeline;
pub mod segment;

pub use basedate::Ymd;
pub use error::{Error, InputError};
pub use pipeline::{Page, Pipeline};
