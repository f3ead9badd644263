/// Character classes that matter for Chinese text.
package enum CJK {
    /// Han ideographs, kana, CJK and full-width punctuation: characters written without spaces between them.
    package static func isWide(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x3000...0x303F,   // CJK symbols and punctuation 。、「」
             0x3040...0x30FF,   // kana
             0x3400...0x4DBF,   // Han extension A
             0x4E00...0x9FFF,   // Han
             0xF900...0xFAFF,   // compatibility ideographs
             0xFE30...0xFE4F,   // CJK compatibility forms
             0xFF00...0xFFEF,   // full-width forms ，：！？（）
             0x20000...0x3FFFF: // Han extensions B and beyond
            return true
        default:
            return false
        }
    }

    /// Punctuation that sits between Chinese characters without spaces though it is not itself
    /// full-width: curly quotes, the ellipsis, the dash and the middle dot.
    package static func isAmbiguousPunctuation(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x2014, 0x2015, 0x2018...0x201F, 0x2026, 0x00B7: return true
        default: return false
        }
    }

    /// A line break between these two characters is not a word space and must not show as one.
    package static func joinsWithoutSpace(_ a: Unicode.Scalar, _ b: Unicode.Scalar) -> Bool {
        (isWide(a) && (isWide(b) || isAmbiguousPunctuation(b))) || (isWide(b) && isAmbiguousPunctuation(a))
    }

    package static func isHan(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x3FFFF: return true
        default: return false
        }
    }
}
