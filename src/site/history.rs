//! A publication's history: the store of the folder (opened, made, or
//! taken over from the folder's exports, as its marker says), and what this
//! publication made of it.

use std::fs;
use std::io;
use std::path::Path;
use std::sync::Arc;

use crate::diff::store::{self, Store};
use crate::diff::{self, history, history::History};
use crate::error::Error;
use crate::expand::Expansion;
use crate::files::MARKER;
use crate::plan::Plan;

/// The history a folder is written with: its publications, the versions
/// of its events, and what this publication made of them.
pub struct Published {
    /// Every publication, newest first, this one included.
    pub history: History,
    /// The version of every event.
    pub versions: Arc<history::Versions>,
    /// What this publication made of the history.
    pub outcome: store::Outcome,
}

impl Published {
    /// A first publication of `expansion`, in memory.
    pub(super) fn first(plans: &[Plan], expansion: &Expansion) -> Published {
        let stamp = history::stamp(plans);
        Published {
            history: History {
                publications: vec![history::Publication {
                    number: 1,
                    published: stamp,
                    occurrences: expansion.len(),
                    first: true,
                    summary: diff::Summary {
                        added: expansion.len(),
                        ..diff::Summary::default()
                    },
                    digest: Some(history::digest_of(expansion)),
                    changes: Vec::new(),
                }],
            },
            versions: Arc::new(history::Versions::first(stamp)),
            outcome: store::Outcome {
                number: 1,
                new: true,
                summary: diff::Summary::default(),
                stamp_reused: false,
            },
        }
    }
}

/// What the `.castcal` marker of a folder says: the store of its history
/// and the publication it shows. A folder written before castcal kept a
/// store says neither.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Marker {
    /// The id of the store of the folder's history.
    pub(super) history: Option<String>,
    /// The publication the folder shows.
    pub(super) publication: Option<u32>,
}

impl Marker {
    /// The marker of `dir`, when it has one (a regular file).
    pub(super) fn read(dir: &Path) -> Option<Marker> {
        let path = dir.join(MARKER);
        if !fs::symlink_metadata(&path).is_ok_and(|m| m.is_file()) {
            return None;
        }
        let mut text = String::new();
        let read = fs::File::open(&path)
            .and_then(|f| io::Read::read_to_string(&mut io::Read::take(f, 4096), &mut text));
        if read.is_err() {
            return Some(Marker::default());
        }
        let mut marker = Marker::default();
        for line in text.lines() {
            if let Some(rest) = line.strip_prefix("history: ") {
                marker.history = rest.split_whitespace().next().map(str::to_string);
            } else if let Some(rest) = line.strip_prefix("publication: ") {
                marker.publication = rest.trim().parse().ok();
            }
        }
        Some(marker)
    }

    /// The marker's text; `store` names the store's file for whoever
    /// looks (its folder is not said: the marker may be served).
    pub(super) fn text(&self, store: &Path) -> String {
        let mut out = String::from("written by castcal build\n");
        if let Some(id) = &self.history {
            let name = store
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            out.push_str(&format!("history: {id} {name}\n"));
        }
        if let Some(n) = self.publication {
            out.push_str(&format!("publication: {n}\n"));
        }
        out
    }
}

/// The store of the folder `dir` at `path`: opened, made, or taken over
/// from the folder's exports, as the folder's marker says.
pub(super) fn open_store(dir: &Path, path: &Path, recover: bool) -> Result<Store, Error> {
    let marker = Marker::read(dir);
    match (Store::open(path)?, marker) {
        (
            Some(store),
            Some(Marker {
                history: Some(id), ..
            }),
        ) if id != store.id() => {
            let dir = dir.display();
            Err(Error::input(
                path,
                crate::say!(
                    "đây là lịch sử của một nơi công bố khác, không phải của {dir} (tệp .castcal của thư mục ấy ghi lịch sử {id}): hãy chỉ ra lịch sử của chính thư mục ấy bằng --history",
                    "this is the history of another publication than {dir} (whose marker names the history {id}): give that folder's own with --history"
                ),
            ))
        }
        (Some(store), Some(Marker { history: None, .. })) if store.latest()?.is_some() => {
            let dir = dir.display();
            Err(Error::input(
                path,
                crate::say!(
                    "{dir} được công bố từ trước khi castcal giữ lịch sử bên cạnh nó, và lịch sử này đã thuộc về một nơi công bố khác: hãy chỉ ra một lịch sử khác bằng --history",
                    "{dir} was published before castcal kept a history beside it, and this history already belongs to another publication: give another with --history"
                ),
            ))
        }
        (Some(store), _) => Ok(store),
        (
            None,
            Some(Marker {
                history: Some(id), ..
            }),
        ) if !recover => {
            let dir = dir.display();
            Err(Error::input(
                path,
                crate::say!(
                    "lịch sử các lần công bố của {dir} (tệp .castcal của thư mục ghi lịch sử {id}) không còn. \
                     Lịch của những người đăng ký vẫn giữ những gì thư mục đã công bố: hãy khôi phục tệp này \
                     từ bản sao lưu (hoặc chỉ ra nơi của nó bằng --history); nếu đã mất hẳn, hãy chạy lại với \
                     --recover để lập lại lịch sử từ changes.json và occurrences.json của thư mục",
                    "the history of publications of {dir} (its marker names the history {id}) is missing. \
                     Subscribers' calendars hold what it published: restore this file from a backup \
                     (or give where it is with --history); if it is lost, run again with --recover \
                     to take it over from the folder's changes.json and occurrences.json"
                ),
            ))
        }
        (None, Some(_)) => take_over(dir, path),
        (None, None) => Store::create(path),
    }
}

/// A new store at `path` holding the history of the folder `dir` as its
/// exports say it, checked against their digest; nothing is left at
/// `path` when they cannot be taken over.
fn take_over(dir: &Path, path: &Path) -> Result<Store, Error> {
    let changes = dir.join(history::CHANGES);
    let occurrences = dir.join(diff::OCCURRENCES);
    let history = match read_export(&changes)? {
        Some(text) => Some(History::parse(&changes, &text)?),
        None => None,
    };
    if !exists(&occurrences) {
        let occurrences = diff::OCCURRENCES;
        return Err(Error::input(
            dir,
            crate::say!(
                "thư mục này do castcal công bố, nhưng lịch sử của nó đã mất: không có kho lịch sử, \
                 cũng không có {occurrences} để lập lại. Lịch của những người đăng ký có thể còn giữ những \
                 sự kiện mà một lịch sử mới sẽ không bao giờ hủy: hãy khôi phục thư mục hoặc lịch sử của \
                 nó từ bản sao lưu; nếu cố ý bắt đầu một lịch sử mới, hãy xóa thư mục trước",
                "this folder was published by castcal, but its history is gone: no history store, \
                 and no {occurrences} to take it over from. Subscribers' calendars may hold events that a new \
                 history would never cancel: restore the folder or its history from a backup; to \
                 start a new history knowingly, remove the folder first"
            ),
        ));
    }
    let live = diff::read_published(&occurrences)?;
    let digest = history::digest(&live);
    let history = match history {
        Some(h) => {
            if let Some(expected) = h.latest().and_then(|p| p.digest.as_deref()) {
                if expected != digest {
                    let (number, changes) = (h.latest().map_or(0, |p| p.number), history::CHANGES);
                    return Err(Error::input(
                        &occurrences,
                        crate::say!(
                            "các lần diễn ra này không phải những gì lần công bố {number} trong {changes} đã công bố \
                             (mã băm của chúng khác): thư mục đã bị sửa bằng tay; hãy khôi phục nó từ bản sao lưu",
                            "these occurrences are not the ones publication {number} of {changes} published (their digest differs): \
                             the folder was changed by hand; restore it from a backup"
                        ),
                    ));
                }
            }
            h
        }
        // A folder from before the history: its occurrences are
        // publication 1, of unknown time.
        None => History {
            publications: vec![history::Publication {
                number: 1,
                published: None,
                occurrences: live.len(),
                first: true,
                summary: diff::Summary {
                    added: live.len(),
                    ..diff::Summary::default()
                },
                digest: Some(digest),
                changes: Vec::new(),
            }],
        },
    };
    let mut store = Store::create(path)?;
    if let Err(e) = store.take_over(&history, &live) {
        drop(store);
        store::remove(path);
        return Err(e);
    }
    Ok(store)
}

/// The text of an export of a folder, read only from a regular file and
/// up to [`MAX_EXPORT_BYTES`]; `None` when it is not there.
fn read_export(path: &Path) -> Result<Option<String>, Error> {
    match diff::read_regular(path, MAX_EXPORT_BYTES) {
        Ok(text) => Ok(Some(text)),
        Err(Error::Read { source, .. }) if source.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

/// The most an export of a folder taken over may hold.
const MAX_EXPORT_BYTES: u64 = diff::MAX_JSON_BYTES;

/// Whether something is at `path` (a link to nothing included).
fn exists(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok()
}
