//! A bound on the pixels decoded at once. Each decoded photo holds 4 bytes per pixel, and up to
//! 8 while it is turned upright, for as long as its copies are being made; rayon runs one photo
//! per thread, so without a bound a machine with many threads and many large photos would hold
//! all of them at once. Each photo takes its pixel count from the budget while it is decoded and
//! encoded, and waits while the others in flight leave too little; a photo larger than the
//! whole budget waits until it can run alone.

use std::sync::{Condvar, Mutex, PoisonError};

/// The budget of pixels in flight.
#[derive(Debug)]
pub struct PixelBudget {
    limit: u64,
    in_use: Mutex<u64>,
    freed: Condvar,
}

/// Pixels taken from a [`PixelBudget`], given back when dropped.
#[derive(Debug)]
pub struct Taken<'a> {
    budget: &'a PixelBudget,
    pixels: u64,
}

/// The smallest budget: 64 million pixels (256 MB of RGBA), so photos of ordinary sizes run
/// side by side on every thread.
pub const MIN_BUDGET: u64 = 64_000_000;

impl PixelBudget {
    /// A budget for photos of at most `max_pixels` (`images.max_pixels`): the larger of that
    /// and [`MIN_BUDGET`], so a photo of the largest allowed size always runs alone.
    pub fn for_max_pixels(max_pixels: u64) -> Self {
        PixelBudget {
            limit: max_pixels.max(MIN_BUDGET),
            in_use: Mutex::new(0),
            freed: Condvar::new(),
        }
    }

    /// Takes `pixels` from the budget, waiting until they fit (or nothing else is in flight).
    pub fn take(&self, pixels: u64) -> Taken<'_> {
        let pixels = pixels.min(self.limit);
        let mut in_use = self.in_use.lock().unwrap_or_else(PoisonError::into_inner);
        while *in_use > 0 && *in_use + pixels > self.limit {
            in_use = self.freed.wait(in_use).unwrap_or_else(PoisonError::into_inner);
        }
        *in_use += pixels;
        Taken { budget: self, pixels }
    }

    /// Whether `pixels` could be taken now without waiting.
    pub fn fits(&self, pixels: u64) -> bool {
        let in_use = *self.in_use.lock().unwrap_or_else(PoisonError::into_inner);
        in_use == 0 || in_use + pixels.min(self.limit) <= self.limit
    }
}

impl Drop for Taken<'_> {
    fn drop(&mut self) {
        let mut in_use = self.budget.in_use.lock().unwrap_or_else(PoisonError::into_inner);
        *in_use -= self.pixels;
        self.budget.freed.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn photos_share_the_budget_and_the_largest_runs_alone() {
        let budget = PixelBudget::for_max_pixels(100_000_000);
        let a = budget.take(40_000_000);
        let b = budget.take(40_000_000);
        assert!(!budget.fits(40_000_000), "a third would exceed 100 MP");
        assert!(budget.fits(20_000_000));
        drop(a);
        assert!(budget.fits(40_000_000));
        assert!(!budget.fits(100_000_000), "the largest photo waits for the others");
        drop(b);
        assert!(budget.fits(100_000_000));
        let largest = budget.take(100_000_000);
        assert!(!budget.fits(1), "nothing runs beside the largest photo");
        drop(largest);
    }

    #[test]
    fn a_waiting_photo_runs_when_pixels_are_given_back() {
        let budget = PixelBudget::for_max_pixels(10);
        assert_eq!(budget.limit, MIN_BUDGET);
        let first = budget.take(MIN_BUDGET);
        std::thread::scope(|s| {
            let waiter = s.spawn(|| drop(budget.take(MIN_BUDGET / 2)));
            drop(first);
            waiter.join().unwrap();
        });
        assert!(budget.fits(MIN_BUDGET));
    }
}
