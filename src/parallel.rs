//! How the loops over every page share the cores.

/// The most items of a parallel loop over pages one core takes on at once. Rayon otherwise
/// splits a loop into a few large runs, and at the end of the loop one core works through the
/// last of them while the other has nothing to take (60 ms at the end of loading 10,000 pages).
/// A page takes tens of microseconds, so splitting finer costs nothing measurable.
pub const FINE_GRAINED: usize = 8;
