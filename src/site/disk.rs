//! Where a publication's files go: a staging folder beside the folder
//! asked for, swapped in whole once complete (see [`publish`]), or memory
//! ([`Memory`], for [`super::render`]). A reader of the folder never sees a
//! mix of old and new files, and each file's hash is kept in
//! [`files::TAGS`] for `serve`'s `ETag`s.

use std::cell::Cell;
use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::carry::{Previous, Staged, Stamp};
use super::folder::BUFFER;
use super::record::{self, Inputs};
use super::{fail_point, Site, Summary};
use crate::error::Error;
use crate::files::{self, MARKER};
use crate::output::{self, Staging};

/// Where the files go, from several threads.
pub(super) trait Sink: Sync {
    /// Starts the file `name`; it is complete once [`Output::close`]d.
    fn create(&self, name: &str) -> Result<Box<dyn Written + '_>, Error>;

    /// What errors about the file `name` name.
    fn path_of(&self, name: &str) -> PathBuf;
}

/// A file being written.
pub(super) trait Written: Write {
    /// Flushes the file and puts it in its place.
    fn close(self: Box<Self>) -> io::Result<()>;
}

/// Writes the file `name` of what `fill` writes.
pub(super) fn put(
    sink: &dyn Sink,
    name: &str,
    fill: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>,
) -> Result<(), Error> {
    let out = sink.create(name)?;
    // Buffered here, above the sink: the many small writes of a serializer
    // cost a copy each, not a call through each layer below.
    let mut out = BufWriter::with_capacity(BUFFER, out);
    fill(&mut out)
        .and_then(|()| out.into_inner().map_err(io::IntoInnerError::into_error))
        .and_then(|out| out.close())
        .map_err(|source| sink.failed(name, source))
}

impl dyn Sink + '_ {
    /// The error of a failed write of `name`.
    pub(super) fn failed(&self, name: &str, source: io::Error) -> Error {
        Error::Output {
            path: self.path_of(name),
            source,
        }
    }
}

/// Files in memory, for [`super::render`].
#[derive(Default)]
pub(super) struct Memory {
    pub(super) files: Mutex<BTreeMap<String, Vec<u8>>>,
}

struct InMemory<'a> {
    sink: &'a Memory,
    name: String,
    bytes: Vec<u8>,
}

impl Write for InMemory<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.bytes.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

impl Written for InMemory<'_> {
    fn close(self: Box<Self>) -> io::Result<()> {
        let InMemory { sink, name, bytes } = *self;
        sink.files
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .insert(name, bytes);
        Ok(())
    }
}

impl Sink for Memory {
    fn create(&self, name: &str) -> Result<Box<dyn Written + '_>, Error> {
        Ok(Box::new(InMemory {
            sink: self,
            name: name.to_string(),
            bytes: Vec::new(),
        }))
    }

    fn path_of(&self, name: &str) -> PathBuf {
        PathBuf::from(name)
    }
}

/// Files in a staging folder, for [`build`] and [`write_dir`]: those
/// whose bytes the folder being replaced has already are carried from it
/// ([`carry`]).
pub(super) struct Disk<'a> {
    staging: &'a Staging,
    /// The folder asked for, which errors name.
    dir: &'a Path,
    /// The folder being replaced, when there is one.
    previous: Option<Previous>,
    /// The tag of each file written (see [`files::TAGS`]), and its stamp.
    tags: Mutex<BTreeMap<String, (u128, Stamp)>>,
}

impl Disk<'_> {
    /// Writes [`TAGS`] of the files written so far.
    fn write_tags(&self) -> io::Result<()> {
        let tags = self
            .tags
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let mut text = String::new();
        for (name, (tag, _)) in tags.iter() {
            text.push_str(&format!("{tag:032x} {name}\n"));
        }
        self.staging.write(files::TAGS, text.as_bytes())
    }

    /// Writes the record ([`files::BUILT`]) of a folder built of `inputs`,
    /// once every other file is in the staging folder.
    fn write_record(&self, inputs: Inputs, summary: &Summary) -> io::Result<()> {
        let mut stamps: BTreeMap<String, Stamp> = self
            .tags
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .iter()
            .map(|(name, (_, stamp))| (name.clone(), *stamp))
            .collect();
        for name in [MARKER, files::TAGS] {
            let meta = fs::symlink_metadata(self.staging.path().join(name))?;
            stamps.insert(name.to_string(), Stamp::of(&meta));
        }
        let text = record::text(inputs, summary, &stamps);
        self.staging.write(files::BUILT, text.as_bytes())
    }
}

/// The tags of the files of the folder `dir` as its [`files::TAGS`] gives them:
/// by name. Empty when it has none.
pub fn tags(dir: &std::fs::File) -> HashMap<String, String> {
    let Ok(fd) = rustix::fs::openat(
        dir,
        files::TAGS,
        rustix::fs::OFlags::RDONLY | rustix::fs::OFlags::NOFOLLOW | rustix::fs::OFlags::CLOEXEC,
        rustix::fs::Mode::empty(),
    ) else {
        return HashMap::new();
    };
    let mut text = String::new();
    if io::Read::read_to_string(&mut io::Read::take(fs::File::from(fd), 1 << 24), &mut text)
        .is_err()
    {
        return HashMap::new();
    }
    text.lines()
        .filter_map(|l| l.split_once(' '))
        .filter(|(tag, _)| tag.len() == 32 && tag.bytes().all(|b| b.is_ascii_hexdigit()))
        .map(|(tag, name)| (name.to_string(), format!("\"{tag}\"")))
        .collect()
}

/// A file of the staging folder; what writes to it is buffered above it,
/// and hashed on its way.
struct OnDisk<'a> {
    file: Staged<'a>,
    hash: xxhash_rust::xxh3::Xxh3Default,
    name: String,
    disk: &'a Disk<'a>,
}

impl Write for OnDisk<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.file.write(buf)?;
        self.hash.update(buf.get(..n).unwrap_or_default());
        Ok(n)
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        self.file.write_all(buf)?;
        self.hash.update(buf);
        Ok(())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

impl Written for OnDisk<'_> {
    fn close(self: Box<Self>) -> io::Result<()> {
        let OnDisk {
            file,
            hash,
            name,
            disk,
        } = *self;
        let stamp = file.close()?;
        disk.tags
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .insert(name, (hash.digest128(), stamp));
        Ok(())
    }
}

impl Sink for Disk<'_> {
    fn create(&self, name: &str) -> Result<Box<dyn Written + '_>, Error> {
        if !is_plain_name(name) {
            return Err(bad_name(name));
        }
        let file = Staged::create(self.staging.path().join(name), name, self.previous.as_ref())
            .map_err(Error::output(self.path_of(name)))?;
        Ok(Box::new(OnDisk {
            file,
            hash: xxhash_rust::xxh3::Xxh3Default::new(),
            name: name.to_string(),
            disk: self,
        }))
    }

    fn path_of(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }
}

/// An output that says, when a write to it fails, which file it is.
pub(super) struct Named<'a> {
    out: Box<dyn Written + 'a>,
    name: &'a str,
    failed: &'a Cell<Option<&'a str>>,
}

impl<'a> Named<'a> {
    /// `out`, the file `name`, which sets `failed` to its name when a
    /// write to it fails.
    pub(super) fn new(
        out: Box<dyn Written + 'a>,
        name: &'a str,
        failed: &'a Cell<Option<&'a str>>,
    ) -> Named<'a> {
        Named { out, name, failed }
    }

    /// Flushes the file and puts it in its place, saying its name when that fails.
    pub(super) fn close(self) -> io::Result<()> {
        let Named { out, name, failed } = self;
        out.close().inspect_err(|_| failed.set(Some(name)))
    }
}

impl Write for Named<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.out
            .write(buf)
            .inspect_err(|_| self.failed.set(Some(self.name)))
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        self.out
            .write_all(buf)
            .inspect_err(|_| self.failed.set(Some(self.name)))
    }

    fn flush(&mut self) -> io::Result<()> {
        self.out
            .flush()
            .inspect_err(|_| self.failed.set(Some(self.name)))
    }
}

fn bad_name(name: &str) -> Error {
    // Made on any thread: the message is kept in both languages until shown.
    Error::input(
        format!("{name:?}"),
        crate::say!(
            "không thể là tên một tệp trong thư mục công bố: hãy đặt một tên không có / và khác . và ..",
            "cannot be the name of a file in the published folder"
        ),
    )
}

/// Writes `site` as the folder `dir`, replacing what was there in one step.
///
/// The new folder is filled in a staging folder beside `dir` (made
/// exclusively, locked while in use: see [`crate::output`]), synced, and
/// swapped in; what killed runs left beside `dir` is removed first.
///
/// # Errors
/// `dir` exists but was not written by castcal (no [`MARKER`] file) and is
/// not empty, or is a symbolic link or not a folder; or any file-system
/// failure (the old folder is then untouched).
pub fn write_dir(site: &Site, dir: &Path) -> Result<(), Error> {
    if let Some(name) = site.files.keys().find(|name| !is_plain_name(name)) {
        return Err(bad_name(name));
    }
    let marker = site.files.get(MARKER).map_or(MARKER_TEXT, Vec::as_slice);
    publish(dir, marker, |sink| {
        for (file, bytes) in site.files.iter().filter(|(file, _)| *file != MARKER) {
            put(sink, file, &mut |out| out.write_all(bytes))?;
        }
        Ok(None)
    })
}

/// Whether `dir` may be replaced by a folder castcal writes: it is not
/// there, or it is a folder (not a link) that castcal wrote or that is
/// empty. `true` when it exists.
///
/// # Errors
/// It may not be replaced, or cannot be looked at.
pub(super) fn target(dir: &Path) -> Result<bool, Error> {
    let fail = |source: io::Error| Error::Output {
        path: dir.to_path_buf(),
        source,
    };
    let existing = match fs::symlink_metadata(dir) {
        Ok(m) if m.file_type().is_symlink() => {
            return Err(Error::input(
                dir,
                crate::say!(
                    "không thay một liên kết tượng trưng: hãy chỉ ra thư mục mà nó trỏ tới",
                    "refusing to replace a symbolic link: give the folder it points to"
                ),
            ))
        }
        Ok(m) if !m.is_dir() => {
            return Err(Error::input(
                dir,
                crate::say!(
                    "không thay thứ này: nó không phải một thư mục; hãy cho -o một thư mục",
                    "refusing to replace this: it is not a folder"
                ),
            ))
        }
        Ok(_) => true,
        Err(e) if e.kind() == io::ErrorKind::NotFound => false,
        Err(e) => return Err(fail(e)),
    };
    if existing && !marked(dir) && fs::read_dir(dir).map_err(fail)?.next().is_some() {
        return Err(Error::input(
            dir,
            crate::say!(
                "không thay thư mục này: nó không do castcal build ghi (không có tệp {MARKER} bên trong); hãy cho -o một thư mục trống hoặc chưa có",
                "refusing to replace this folder: it was not written by castcal build (no {MARKER} file inside)"
            ),
        ));
    }
    if dir.file_name().is_none() {
        let dir = dir.display();
        return Err(Error::Usage(
            crate::say!(
                "{dir} không phải tên một thư mục",
                "{dir} is not a folder name"
            )
            .to_string(),
        ));
    }
    Ok(existing)
}

/// Removes what killed runs left beside the folder `dir` (as every
/// publication of it does first): for a build that has nothing to write.
pub(super) fn remove_leftovers_beside(dir: &Path) {
    output::remove_leftovers(&output::folder_of(dir));
}

/// Makes the folder `dir` of what `fill` writes, as [`write_dir`] says;
/// with the record of what it was built of ([`record`]) when `fill` gives
/// it.
pub(super) fn publish(
    dir: &Path,
    marker: &[u8],
    fill: impl FnOnce(&Disk) -> Result<Option<(Inputs, Summary)>, Error>,
) -> Result<(), Error> {
    // Without a trailing `/`, which would make lstat(2) follow a link.
    let dir: &Path = &dir.components().collect::<PathBuf>();
    let fail = |source: io::Error| Error::Output {
        path: dir.to_path_buf(),
        source,
    };
    let existing = target(dir)?;
    let parent = output::folder_of(dir);
    fs::create_dir_all(&parent).map_err(fail)?;
    output::remove_leftovers(&parent);
    let staging = Staging::create(&parent).map_err(fail)?;
    // The marker first: a run killed from here on leaves a folder the next
    // run knows for castcal's.
    staging.write(MARKER, marker).map_err(fail)?;
    let disk = Disk {
        staging: &staging,
        dir,
        previous: if existing { Previous::open(dir) } else { None },
        tags: Mutex::new(BTreeMap::new()),
    };
    let built = fill(&disk)?;
    disk.write_tags().map_err(fail)?;
    if let Some((inputs, summary)) = built {
        disk.write_record(inputs, &summary).map_err(fail)?;
    }
    staging.sync().map_err(fail)?;
    fail_point("staged");
    if existing {
        exchange(&staging, dir, &parent)
    } else {
        match fs::rename(staging.path(), dir) {
            // Another build made the folder meanwhile: replace it like any
            // folder castcal wrote.
            Err(e)
                if matches!(
                    e.kind(),
                    io::ErrorKind::DirectoryNotEmpty | io::ErrorKind::AlreadyExists
                ) && is_real_dir(dir)
                    && marked(dir) =>
            {
                exchange(&staging, dir, &parent)
            }
            other => other,
        }
    }
    .map_err(fail)?;
    output::sync_dir(&parent).map_err(fail)
    // Dropping `staging` removes what its path now holds: the old folder.
}

/// Whether `dir` holds the [`MARKER`] file (a file, not a link).
pub(super) fn marked(dir: &Path) -> bool {
    fs::symlink_metadata(dir.join(MARKER)).is_ok_and(|m| m.is_file())
}

/// Whether `dir` is a folder, not a link to one.
fn is_real_dir(dir: &Path) -> bool {
    fs::symlink_metadata(dir).is_ok_and(|m| m.is_dir())
}

/// What [`MARKER`] says when the site does not give its text.
pub(super) const MARKER_TEXT: &[u8] = b"written by castcal build\n";

/// A name that stays inside the folder it is joined to.
pub(super) fn is_plain_name(name: &str) -> bool {
    !name.is_empty() && name != "." && name != ".." && !name.contains(['/', '\0'])
}

/// Swaps the staging folder and `old` atomically (Linux
/// `renameat2(RENAME_EXCHANGE)`, which follows no symbolic link); where that is
/// not available, two renames with a moment in between. Either way the old
/// folder ends at a staging folder's path, to be removed with it.
fn exchange(new: &Staging, old: &Path, parent: &Path) -> io::Result<()> {
    #[cfg(target_os = "linux")]
    {
        use rustix::fs::{renameat_with, RenameFlags, CWD};
        match renameat_with(CWD, new.path(), CWD, old, RenameFlags::EXCHANGE) {
            Ok(()) => return Ok(()),
            Err(e) if e == rustix::io::Errno::INVAL || e == rustix::io::Errno::NOSYS => {}
            Err(e) => return Err(e.into()),
        }
    }
    swap_by_renames(new, old, parent)
}

/// The old folder is renamed onto an empty staging folder made for it (a
/// rename onto an empty folder replaces it; onto anything else it fails), the
/// new one into its place; the old one is removed with that staging folder.
fn swap_by_renames(new: &Staging, old: &Path, parent: &Path) -> io::Result<()> {
    let aside = Staging::create(parent)?;
    fs::rename(old, aside.path())?;
    if let Err(e) = fs::rename(new.path(), old) {
        let _ = fs::rename(aside.path(), old);
        return Err(e);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::tests::names;
    use crate::site::Summary;
    use crate::words::said::show_in;
    use crate::words::Lang;

    /// The message of `err` in English.
    fn english(err: &Error) -> String {
        show_in(Lang::En, || err.to_string())
    }

    fn site(content: &str) -> Site {
        let mut files = BTreeMap::new();
        files.insert("all.ics".to_string(), content.as_bytes().to_vec());
        files.insert(MARKER.to_string(), Vec::new());
        Site {
            files,
            summary: Summary::default(),
        }
    }

    #[test]
    fn a_rebuild_replaces_the_folder_whole_and_leaves_nothing_beside_it() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("public");
        write_dir(&site("one"), &dir).unwrap();
        fs::write(dir.join("stale.ics"), "old").unwrap();
        write_dir(&site("two"), &dir).unwrap();
        assert_eq!(fs::read_to_string(dir.join("all.ics")).unwrap(), "two");
        assert!(!dir.join("stale.ics").exists());
        let beside: Vec<_> = fs::read_dir(tmp.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(beside, ["public"]);
    }

    #[test]
    fn a_folder_castcal_did_not_write_is_never_replaced() {
        let tmp = tempfile::tempdir().unwrap();
        fs::write(tmp.path().join("precious.txt"), "keep").unwrap();
        let err = write_dir(&site("x"), tmp.path()).unwrap_err();
        assert!(english(&err).contains("refusing to replace"), "{err}");
        assert_eq!(
            fs::read_to_string(tmp.path().join("precious.txt")).unwrap(),
            "keep"
        );
    }

    #[test]
    fn the_swap_by_two_renames_leaves_the_new_folder_and_nothing_beside_it() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("public");
        write_dir(&site("one"), &dir).unwrap();
        let staging = Staging::create(tmp.path()).unwrap();
        staging.write("all.ics", b"two").unwrap();
        swap_by_renames(&staging, &dir, tmp.path()).unwrap();
        assert_eq!(fs::read_to_string(dir.join("all.ics")).unwrap(), "two");
        drop(staging);
        assert_eq!(names(tmp.path()), ["public"]);
    }

    #[test]
    fn a_symbolic_link_or_a_file_is_never_replaced() {
        let tmp = tempfile::tempdir().unwrap();
        let real = tmp.path().join("real");
        write_dir(&site("one"), &real).unwrap();
        let link = tmp.path().join("public");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        for link in [link.clone(), link.join("")] {
            let err = write_dir(&site("two"), &link).unwrap_err();
            assert!(english(&err).contains("symbolic link"), "{err}");
        }
        assert!(fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert_eq!(fs::read_to_string(real.join("all.ics")).unwrap(), "one");
        let file = tmp.path().join("file");
        fs::write(&file, "keep").unwrap();
        let err = write_dir(&site("two"), &file).unwrap_err();
        assert!(english(&err).contains("not a folder"), "{err}");
        assert_eq!(fs::read_to_string(&file).unwrap(), "keep");
        assert_eq!(names(tmp.path()), ["file", "public", "real"]);
    }

    #[test]
    fn a_file_name_that_leaves_the_folder_is_refused() {
        let tmp = tempfile::tempdir().unwrap();
        for name in ["../escape.ics", "a/b.ics", "..", ""] {
            let mut s = site("x");
            s.files.insert(name.to_string(), b"x".to_vec());
            let err = write_dir(&s, &tmp.path().join("public")).unwrap_err();
            assert!(english(&err).contains("cannot be the name"), "{err}");
        }
        assert!(names(tmp.path()).is_empty());
    }

    #[test]
    fn the_folders_above_are_made_when_missing() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("a/b/public");
        write_dir(&site("one"), &dir).unwrap();
        assert_eq!(fs::read_to_string(dir.join("all.ics")).unwrap(), "one");
        assert_eq!(names(&tmp.path().join("a/b")), ["public"]);
    }

    /// The files of `dir` and their bytes, its hidden ones too.
    fn contents(dir: &Path) -> BTreeMap<String, Vec<u8>> {
        names(dir)
            .into_iter()
            .map(|n| {
                let bytes = fs::read(dir.join(&n)).unwrap();
                (n, bytes)
            })
            .collect()
    }

    /// A rebuild links into the new folder each file whose bytes the old
    /// one has (the same inode) and writes the others (a new inode, the new
    /// bytes): one that differs after its first megabyte, one that grew,
    /// one that shrank; the folder is then byte for byte what a first
    /// build into an empty place writes.
    #[test]
    fn a_rebuild_links_the_files_whose_bytes_are_the_same_and_writes_the_others() {
        use std::os::unix::fs::MetadataExt;
        let big: Vec<u8> = (0..3 << 20).map(|i: u32| (i % 251) as u8).collect();
        let mut big_changed = big.clone();
        big_changed[(1 << 20) + 5] ^= 1;
        let of = |files: &[(&str, &[u8])]| {
            let mut site = site("");
            site.files.remove("all.ics");
            for (name, bytes) in files {
                site.files.insert(name.to_string(), bytes.to_vec());
            }
            site
        };
        let old = of(&[
            ("same.ics", b"one"),
            ("big.ics", &big),
            ("changed.ics", b"abc"),
            ("longer.ics", b"ab"),
            ("shorter.ics", b"abcd"),
            ("empty.ics", b""),
            ("gone.ics", b"x"),
        ]);
        let new = of(&[
            ("same.ics", b"one"),
            ("big.ics", &big_changed),
            ("changed.ics", b"abd"),
            ("longer.ics", b"abc"),
            ("shorter.ics", b"abc"),
            ("empty.ics", b""),
            ("new.ics", b"n"),
        ]);
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("public");
        write_dir(&old, &dir).unwrap();
        let inode = |name: &str| fs::metadata(dir.join(name)).unwrap().ino();
        let before: BTreeMap<&str, u64> = ["same.ics", "big.ics", "changed.ics", "longer.ics"]
            .into_iter()
            .chain(["shorter.ics", "empty.ics"])
            .map(|n| (n, inode(n)))
            .collect();
        write_dir(&new, &dir).unwrap();
        for (name, ino) in &before {
            let carried = matches!(*name, "same.ics" | "empty.ics");
            assert_eq!(inode(name) == *ino, carried, "{name}");
            assert_eq!(
                fs::read(dir.join(name)).unwrap(),
                new.files[*name],
                "{name}"
            );
        }
        let fresh = tmp.path().join("fresh");
        write_dir(&new, &fresh).unwrap();
        assert_eq!(contents(&dir), contents(&fresh));
        assert_eq!(names(tmp.path()), ["fresh", "public"]);
    }

    #[test]
    fn a_staging_folder_a_killed_build_left_is_removed_by_the_next() {
        let tmp = tempfile::tempdir().unwrap();
        let left = tmp.path().join(".castcal-staging-KiLLed0build");
        fs::create_dir(&left).unwrap();
        fs::write(left.join(MARKER), MARKER_TEXT).unwrap();
        fs::write(left.join("all.ics"), "half").unwrap();
        write_dir(&site("one"), &tmp.path().join("public")).unwrap();
        assert_eq!(names(tmp.path()), ["public"]);
    }
}
