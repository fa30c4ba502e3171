//! Text utilities that know nothing of reports: label folding, line/column positions, numbers.

pub mod agency;
pub mod encoding;
pub mod lines;
pub mod normalize;
pub mod number;
pub mod year;
