//! A file's bytes as text, and back: UTF-8 (with or without a BOM), UTF-16 LE/BE with a BOM,
//! and GB18030 (which covers GBK and GB2312) for bytes that are not UTF-8 but decode cleanly.

/// The encoding a file was read in; `encode` writes it back the same way.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8; a BOM, if any, stays in the text as U+FEFF (the parser skips it).
    Utf8,
    Utf16Le,
    Utf16Be,
    Gb18030,
}

impl Encoding {
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf16Le => "UTF-16LE",
            Encoding::Utf16Be => "UTF-16BE",
            Encoding::Gb18030 => "GB18030",
        }
    }
}

/// Decode a file's bytes; the error is a Chinese message saying what was tried and how to
/// convert the file.
pub fn decode(bytes: &[u8]) -> Result<(String, Encoding), String> {
    let utf16 = |enc: &'static encoding_rs::Encoding, which: Encoding| {
        enc.decode_without_bom_handling_and_without_replacement(&bytes[2..])
            .map(|t| (t.into_owned(), which))
            .ok_or_else(|| {
                format!(
                    "有 {} 字节顺序标记,但内容不是有效的 {} 文本 / BOM of {} but invalid content",
                    which.name(),
                    which.name(),
                    which.name()
                )
            })
    };
    if bytes.starts_with(&[0xFF, 0xFE]) {
        return utf16(encoding_rs::UTF_16LE, Encoding::Utf16Le);
    }
    if bytes.starts_with(&[0xFE, 0xFF]) {
        return utf16(encoding_rs::UTF_16BE, Encoding::Utf16Be);
    }
    if let Ok(t) = simdutf8::basic::from_utf8(bytes) {
        return Ok((t.to_string(), Encoding::Utf8));
    }
    // Not UTF-8: std's validation tells where.
    let utf8_error = std::str::from_utf8(bytes).map_or_else(|e| e.valid_up_to(), |t| t.len());
    if let Some(t) = encoding_rs::GB18030.decode_without_bom_handling_and_without_replacement(bytes)
    {
        return Ok((t.into_owned(), Encoding::Gb18030));
    }
    Err(format!(
        "无法识别文本编码:不是 UTF-8(第 {utf8_error} 字节起无效),没有 UTF-16 字节顺序标记,\
         也不是有效的 GB18030/GBK。请先转换为 UTF-8,例如 `iconv -f GB18030 -t UTF-8 原文件 > 新文件` \
         (把 GB18030 换成文件的实际编码,如 BIG5)/ unknown encoding: not UTF-8 (invalid at byte \
         {utf8_error}), no UTF-16 BOM, not GB18030/GBK; convert with iconv -f <encoding> -t UTF-8"
    ))
}

/// Text back to bytes in `encoding` (UTF-16 with its BOM). Characters GB18030 cannot hold do
/// not exist: it encodes all of Unicode.
pub fn encode(text: &str, encoding: Encoding) -> Vec<u8> {
    match encoding {
        Encoding::Utf8 => text.as_bytes().to_vec(),
        Encoding::Utf16Le => [0xFF, 0xFE]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
            .collect(),
        Encoding::Utf16Be => [0xFE, 0xFF]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_be_bytes))
            .collect(),
        Encoding::Gb18030 => encoding_rs::GB18030.encode(text).0.into_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        let text = "一、总体情况 | 12 | 𠀀";
        for e in [
            Encoding::Utf8,
            Encoding::Utf16Le,
            Encoding::Utf16Be,
            Encoding::Gb18030,
        ] {
            assert_eq!(decode(&encode(text, e)).unwrap(), (text.to_string(), e));
        }
        let bom = "\u{feff}一、总体情况";
        assert_eq!(decode(bom.as_bytes()).unwrap().0, bom);
    }

    #[test]
    fn undecodable_bytes_say_what_was_tried() {
        let e = decode(&[0x80, 0xFF, 0x81]).unwrap_err();
        assert!(e.contains("GB18030") && e.contains("iconv"), "{e}");
    }
}
