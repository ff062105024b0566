//! PLACEHOLDER.
use super::{Doc, Extractor};
use crate::model::{Kind, Mention};
pub struct FigureExtractor;
impl Extractor for FigureExtractor { fn kind(&self) -> Kind { Kind::Figure } fn extract(&self, _doc: &Doc, _out: &mut Vec<Mention>) {} }
