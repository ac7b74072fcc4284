//! A minimal zip writer: the screened workbook handed to calamine is written
//! with it (every part stored, uncompressed), and tests and the fuzzer forge
//! workbooks with it, including ones no honest writer would make (a
//! pre-deflated bomb, 100,000 entries).

/// One entry of an archive.
pub struct Entry {
    pub name: String,
    pub data: Data,
}

/// An entry's bytes as they go into the archive.
pub enum Data {
    /// Kept as is (method 0).
    Stored(Vec<u8>),
    /// Raw deflate bytes (method 8) with the checksum and size of what they inflate to.
    Deflated { raw: Vec<u8>, crc: u32, size: u32 },
}

impl Entry {
    pub fn stored(name: &str, data: impl Into<Vec<u8>>) -> Entry {
        Entry { name: name.to_string(), data: Data::Stored(data.into()) }
    }
}

/// Beyond this many entries the end record cannot hold the count: zip64 is needed.
const ZIP16_MAX_ENTRIES: usize = 0xFFFF;

/// The archive of `entries`, in order. Offsets and sizes must fit in 32 bits
/// (archives here stay far below 4 GiB); the entry count may exceed 65,535.
pub fn zip(entries: &[Entry]) -> Vec<u8> {
    let (mut out, mut central) = (Vec::new(), Vec::new());
    for entry in entries {
        let name = entry.name.as_bytes();
        let (method, crc, size, bytes): (u16, u32, u32, &[u8]) = match &entry.data {
            Data::Stored(data) => (0, crc32fast::hash(data), len32(data.len()), data),
            Data::Deflated { raw, crc, size } => (8, *crc, *size, raw),
        };
        let offset = len32(out.len());
        let common = |v: &mut Vec<u8>| {
            // version needed, flags (bit 11: the name is UTF-8), method, time, date
            for n in [20u16, 0x0800, method, 0, 0x21] {
                v.extend(n.to_le_bytes());
            }
            v.extend(crc.to_le_bytes());
            v.extend(len32(bytes.len()).to_le_bytes());
            v.extend(size.to_le_bytes());
            v.extend((name.len() as u16).to_le_bytes());
            v.extend(0u16.to_le_bytes()); // extra field length
        };
        out.extend(0x0403_4b50u32.to_le_bytes());
        common(&mut out);
        out.extend(name);
        out.extend(bytes);
        central.extend(0x0201_4b50u32.to_le_bytes());
        central.extend(20u16.to_le_bytes()); // version made by
        common(&mut central);
        central.extend([0u8; 10]); // comment length, disk, internal and external attributes
        central.extend(offset.to_le_bytes());
        central.extend(name);
    }
    let (cd_offset, cd_size, count) = (out.len() as u64, central.len() as u64, entries.len());
    out.extend(central);
    if count > ZIP16_MAX_ENTRIES {
        let record_at = out.len() as u64;
        out.extend(0x0606_4b50u32.to_le_bytes());
        out.extend(44u64.to_le_bytes()); // size of the rest of this record
        out.extend([45u16, 45].iter().flat_map(|v| v.to_le_bytes())); // made by, needed
        out.extend([0u8; 8]); // this disk, the directory's disk
        out.extend((count as u64).to_le_bytes());
        out.extend((count as u64).to_le_bytes());
        out.extend(cd_size.to_le_bytes());
        out.extend(cd_offset.to_le_bytes());
        out.extend(0x0706_4b50u32.to_le_bytes()); // the locator
        out.extend(0u32.to_le_bytes());
        out.extend(record_at.to_le_bytes());
        out.extend(1u32.to_le_bytes());
    }
    let count16 = count.min(ZIP16_MAX_ENTRIES) as u16;
    out.extend(0x0605_4b50u32.to_le_bytes());
    out.extend([0u8; 4]);
    out.extend(count16.to_le_bytes());
    out.extend(count16.to_le_bytes());
    out.extend((cd_size as u32).to_le_bytes());
    out.extend((cd_offset as u32).to_le_bytes());
    out.extend([0u8; 2]);
    out
}

fn len32(n: usize) -> u32 {
    u32::try_from(n).expect("archives written here stay below 4 GiB")
}
