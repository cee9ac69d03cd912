//! The colours activities are shown in: CSS3 colour names (what RFC 7986's
//! `COLOR` property takes) with their hex values (what HTML and Apple's
//! calendar colour take).

use crate::plan::{Activity, Plan};

pub use crate::plan::color::{by_name, Color, PALETTE};

/// The colour of an activity: its own `color`, or the palette's colour for
/// its position in the plan (so the same plan always gets the same colours).
pub fn color_of(plan: &Plan, activity: &Activity) -> Color {
    if let Some(c) = activity.color.as_deref().and_then(by_name) {
        return c;
    }
    let position = plan
        .activities
        .iter()
        .position(|a| a.id == activity.id)
        .unwrap_or(0);
    color_at(activity, position)
}

/// The colour of the activity at `position` in its plan (what
/// [`color_of`] finds), without searching the plan.
pub fn color_at(activity: &Activity, position: usize) -> Color {
    if let Some(c) = activity.color.as_deref().and_then(by_name) {
        return c;
    }
    // The palette is a fixed array of twelve: the cycle never runs dry.
    let [first, ..] = PALETTE;
    PALETTE
        .get(position % PALETTE.len())
        .copied()
        .unwrap_or(first)
}
