//! PLACEHOLDER.
use super::{Doc, Extractor};
use crate::model::{Kind, Mention};
pub struct DateExtractor;
impl Extractor for DateExtractor { fn kind(&self) -> Kind { Kind::Date } fn extract(&self, _doc: &Doc, _out: &mut Vec<Mention>) {} }
