//! Whether a measured value meets an indicator's target (目標値), and how far
//! it has come from the baseline (現状値).

use super::indicator::Direction;

/// The judgement of one value against a target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Achievement {
    Achieved,
    NotYet,
    /// The indicator has no target value to judge by.
    NoTarget,
}

impl Achievement {
    pub const ALL: &'static [Achievement] = &[Achievement::Achieved, Achievement::NotYet, Achievement::NoTarget];

    pub fn as_str(self) -> &'static str {
        match self {
            Achievement::Achieved => "achieved",
            Achievement::NotYet => "not_yet",
            Achievement::NoTarget => "no_target",
        }
    }

    /// The catalog key of this value's label.
    pub fn label_key(self) -> &'static str {
        match self {
            Achievement::Achieved => "achievement-achieved",
            Achievement::NotYet => "achievement-not-yet",
            Achievement::NoTarget => "achievement-no-target",
        }
    }
}

/// Values this close count as equal: sheets hold decimals that binary floats
/// cannot (`0.1 + 0.2` is not `0.3`).
const EPSILON: f64 = 1e-9;

fn nearly_equal(a: f64, b: f64) -> bool {
    let diff = (a - b).abs();
    diff <= EPSILON || diff <= EPSILON * a.abs().max(b.abs())
}

/// Judges `value` against `target`: at least the target when higher is better
/// (and for a milestone, where 1 is done), at most when lower is better, equal
/// (within 1e-9, absolute or relative) for an exact target, strictly more or
/// less for 超 and 未満. Values equal within that tolerance meet the target
/// in every direction but the strict ones.
/// A value that is not a number never achieves.
pub fn achievement(direction: Direction, target: Option<f64>, value: f64) -> Achievement {
    let Some(target) = target.filter(|t| t.is_finite()) else {
        return Achievement::NoTarget;
    };
    let met = value.is_finite()
        && match direction {
            Direction::Higher | Direction::Milestone => nearly_equal(value, target) || value >= target,
            Direction::Lower => nearly_equal(value, target) || value <= target,
            Direction::Target => nearly_equal(value, target),
            // 未満 and 超: the target itself is not enough.
            Direction::Above => !nearly_equal(value, target) && value > target,
            Direction::Below => !nearly_equal(value, target) && value < target,
        };
    if met { Achievement::Achieved } else { Achievement::NotYet }
}

/// How far `value` has come from `baseline` toward `target`, in percent,
/// clamped to 0..=100. 100 exactly when the target is achieved (a value that
/// is not there yet shows at most 99). For an exact target, the distance to
/// the target is compared with the baseline's. `None` without both a
/// baseline and a target, or when a number is not finite.
pub fn progress_toward(direction: Direction, baseline: Option<f64>, target: Option<f64>, value: f64) -> Option<u8> {
    let (baseline, target) = (baseline.filter(|b| b.is_finite())?, target.filter(|t| t.is_finite())?);
    if !value.is_finite() {
        return None;
    }
    if achievement(direction, Some(target), value) == Achievement::Achieved {
        return Some(100);
    }
    let span = target - baseline;
    if nearly_equal(target, baseline) {
        return Some(0);
    }
    let fraction = match direction {
        Direction::Higher | Direction::Lower | Direction::Above | Direction::Below | Direction::Milestone => {
            (value - baseline) / span
        }
        Direction::Target => 1.0 - (value - target).abs() / span.abs(),
    };
    Some((fraction * 100.0).round().clamp(0.0, 99.0) as u8)
}

#[cfg(test)]
mod tests {
    use super::*;
    use Achievement::*;
    use Direction::{Higher, Lower, Target};
    use proptest::prelude::*;

    #[test]
    fn keys() {
        assert_eq!(Achieved.label_key(), "achievement-achieved");
        assert_eq!(NotYet.label_key(), "achievement-not-yet");
        assert_eq!(NoTarget.label_key(), "achievement-no-target");
        assert_eq!(NotYet.as_str(), "not_yet");
    }

    #[test]
    fn directions() {
        assert_eq!(achievement(Higher, Some(90.0), 90.0), Achieved);
        assert_eq!(achievement(Higher, Some(90.0), 95.5), Achieved);
        assert_eq!(achievement(Higher, Some(90.0), 89.9), NotYet);
        assert_eq!(achievement(Lower, Some(3.0), 3.0), Achieved);
        assert_eq!(achievement(Lower, Some(3.0), 0.0), Achieved);
        assert_eq!(achievement(Lower, Some(3.0), 4.0), NotYet);
        assert_eq!(achievement(Target, Some(100.0), 100.0), Achieved);
        assert_eq!(achievement(Target, Some(100.0), 101.0), NotYet);
        assert_eq!(achievement(Target, Some(100.0), 99.0), NotYet);
        assert_eq!(achievement(Direction::Below, Some(5.0), 4.0), Achieved, "未満");
        assert_eq!(achievement(Direction::Below, Some(5.0), 5.0), NotYet, "未満 is not 以下");
        assert_eq!(achievement(Direction::Above, Some(3.0), 3.0), NotYet, "超 is not 以上");
        assert_eq!(achievement(Direction::Above, Some(3.0), 3.5), Achieved);
        assert_eq!(achievement(Direction::Milestone, Some(1.0), 1.0), Achieved, "done");
        assert_eq!(achievement(Direction::Milestone, Some(1.0), 0.0), NotYet, "not done");
        assert_eq!(achievement(Higher, None, 1.0), NoTarget);
        assert_eq!(achievement(Higher, Some(f64::NAN), 1.0), NoTarget);
        assert_eq!(achievement(Higher, Some(1.0), f64::NAN), NotYet);
        assert_eq!(achievement(Higher, Some(1.0), f64::INFINITY), NotYet);
    }

    #[test]
    fn float_noise_is_tolerated() {
        assert_eq!(achievement(Target, Some(0.3), 0.1 + 0.2), Achieved);
        assert_eq!(achievement(Lower, Some(0.3), 0.1 + 0.2), Achieved);
        assert_eq!(achievement(Target, Some(1e12), 1e12 + 1e-4), Achieved, "relative");
        assert_eq!(achievement(Target, Some(0.0), 1e-10), Achieved, "absolute");
        assert_eq!(achievement(Target, Some(0.0), 1e-6), NotYet);
    }

    #[test]
    fn progress_from_baseline() {
        assert_eq!(progress_toward(Higher, Some(60.0), Some(90.0), 75.0), Some(50));
        assert_eq!(progress_toward(Higher, Some(60.0), Some(90.0), 50.0), Some(0));
        assert_eq!(progress_toward(Higher, Some(60.0), Some(90.0), 95.0), Some(100));
        assert_eq!(progress_toward(Higher, Some(60.0), Some(90.0), 89.9), Some(99), "not there is not 100");
        assert_eq!(progress_toward(Lower, Some(10.0), Some(2.0), 4.0), Some(75));
        assert_eq!(progress_toward(Lower, Some(10.0), Some(2.0), 12.0), Some(0));
        assert_eq!(progress_toward(Lower, Some(10.0), Some(2.0), 1.0), Some(100));
        assert_eq!(progress_toward(Target, Some(0.0), Some(100.0), 80.0), Some(80));
        assert_eq!(progress_toward(Target, Some(0.0), Some(100.0), 120.0), Some(80), "overshoot");
        assert_eq!(progress_toward(Target, Some(0.0), Some(100.0), 100.0), Some(100));
        assert_eq!(progress_toward(Higher, Some(5.0), Some(5.0), 4.0), Some(0));
        assert_eq!(progress_toward(Higher, Some(5.0), Some(5.0), 5.0), Some(100));
        assert_eq!(progress_toward(Higher, None, Some(5.0), 5.0), None);
        assert_eq!(progress_toward(Higher, Some(1.0), None, 5.0), None);
        assert_eq!(progress_toward(Higher, Some(1.0), Some(5.0), f64::NAN), None);
    }

    proptest! {
        #[test]
        fn hundred_exactly_when_achieved(
            dir in proptest::sample::select(Direction::ALL.to_vec()),
            b in -1e6f64..1e6, t in -1e6f64..1e6, v in -1e6f64..1e6,
        ) {
            let p = progress_toward(dir, Some(b), Some(t), v).unwrap();
            prop_assert!(p <= 100);
            prop_assert_eq!(p == 100, achievement(dir, Some(t), v) == Achieved);
        }
    }
}
