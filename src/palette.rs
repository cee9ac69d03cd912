//! The colours activities are shown in: CSS3 colour names (what RFC 7986's
//! `COLOR` property takes) with their hex values (what HTML and Apple's
//! calendar colour take).

use crate::plan::Activity;

pub use crate::plan::color::{by_name, Color, PALETTE};

/// The colour of an activity: its own `color`, or the palette's colour its
/// id picks. By the id, not by the activity's place in the plan: adding,
/// removing or reordering activities changes no other activity's colour
/// (and so no other event of a feed).
pub fn color_of(activity: &Activity) -> Color {
    if let Some(c) = activity.color.as_deref().and_then(by_name) {
        return c;
    }
    // The palette is a fixed array of twelve: the index is always in it.
    let [first, ..] = PALETTE;
    let len = PALETTE.len() as u64;
    let i = usize::try_from(fnv1a(activity.id.as_bytes()) % len).unwrap_or(0);
    PALETTE.get(i).copied().unwrap_or(first)
}

/// The colours of the printed year, in the order of its letters (A, B,
/// C…): 24 colours each at least 19 apart (CIEDE2000) from every other and
/// from the paper's white, chosen greedily from the sRGB cube (the five
/// first are the feeds' first five). The year letters and colours a plan's
/// activities in their order, so that two of a plan of up to 24 never
/// share a colour (the feeds' colour, by id, may).
pub const PRINT: [&str; 24] = [
    "#4169e1", "#dc143c", "#228b22", "#ff8c00", "#800080", "#664400", "#ff77ee", "#00aabb",
    "#cccc00", "#004444", "#998888", "#00dd99", "#aabbff", "#555566", "#224400", "#998844",
    "#ffaaaa", "#663333", "#bb11ff", "#99aa99", "#bb5511", "#666655", "#bb5588", "#223388",
];

/// The colour of the activity lettered `index` (from 0) in the printed
/// year: its own `color`, or the `index`th of [`PRINT`] (again from the
/// first past 24).
pub fn print_color(activity: &Activity, index: usize) -> &'static str {
    if let Some(c) = activity.color.as_deref().and_then(by_name) {
        return c.hex;
    }
    let [first, ..] = PRINT;
    PRINT.get(index % PRINT.len()).copied().unwrap_or(first)
}

/// FNV-1a, 64 bits: a hash that is the same on every machine and in every
/// version of castcal (std's hasher promises neither).
fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    const PLAN: &str =
        "plan: { id: p, title: P, timezone: UTC, period: { from: 2023-01-01, to: 2023-12-31 } }\n";

    fn colours(activities: &[&str]) -> Vec<(String, &'static str)> {
        let list: Vec<String> = activities
            .iter()
            .map(|id| format!("  - {{ id: {id}, title: T, kind: deadline, start: 2023-03-01 }}\n"))
            .collect();
        let text = format!("{PLAN}activities:\n{}", list.concat());
        let plan = crate::plan::load_one("p.yaml".as_ref(), text).unwrap();
        plan.activities
            .iter()
            .map(|a| (a.id.clone(), color_of(a).name))
            .collect()
    }

    /// Removing or adding an activity, or reordering them, changes no
    /// other activity's colour.
    #[test]
    fn an_activity_keeps_its_colour_whatever_the_others_do() {
        let all = colours(&["a", "b", "c", "d"]);
        let fewer = colours(&["a", "c", "d"]);
        let more = colours(&["z", "d", "c", "b", "a", "e"]);
        for (id, colour) in fewer.iter().chain(&more) {
            if let Some((_, before)) = all.iter().find(|(x, _)| x == id) {
                assert_eq!(colour, before, "{id}");
            }
        }
    }

    /// The hash is FNV-1a's (its published test vectors), so colours never
    /// change from one build of castcal to the next.
    #[test]
    fn fnv1a_is_the_published_one() {
        assert_eq!(fnv1a(b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a(b"foobar"), 0x8594_4171_f739_67e8);
    }
}
