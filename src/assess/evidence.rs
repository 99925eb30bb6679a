//! Evidence (filled in below).
