//! The colours an activity may name: CSS3 colour names (what RFC 7986's
//! `COLOR` property takes) with their hex values (what HTML and Apple's
//! calendar colour take). The loader refuses any other name; the outputs
//! give an activity without one a colour from [`PALETTE`] by its position.

/// A colour: its CSS3 name and `#rrggbb` value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Color {
    /// The name a schedule file uses (`blue`).
    pub name: &'static str,
    /// The colour as `#rrggbb`.
    pub hex: &'static str,
}

/// Colours that stay apart from each other on screen and on paper, in the
/// order activities without a `color` receive them.
pub const PALETTE: [Color; 12] = [
    Color {
        name: "royalblue",
        hex: "#4169e1",
    },
    Color {
        name: "crimson",
        hex: "#dc143c",
    },
    Color {
        name: "forestgreen",
        hex: "#228b22",
    },
    Color {
        name: "darkorange",
        hex: "#ff8c00",
    },
    Color {
        name: "purple",
        hex: "#800080",
    },
    Color {
        name: "teal",
        hex: "#008080",
    },
    Color {
        name: "saddlebrown",
        hex: "#8b4513",
    },
    Color {
        name: "deeppink",
        hex: "#ff1493",
    },
    Color {
        name: "olive",
        hex: "#808000",
    },
    Color {
        name: "slategray",
        hex: "#708090",
    },
    Color {
        name: "goldenrod",
        hex: "#daa520",
    },
    Color {
        name: "navy",
        hex: "#000080",
    },
];

/// The palette colour called `name`, if there is one.
pub fn by_name(name: &str) -> Option<Color> {
    PALETTE.iter().copied().find(|c| c.name == name)
}
