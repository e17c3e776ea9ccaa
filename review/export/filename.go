package export

import (
	"strings"

	"github.com/prr-dev/prr/review"
)

// maxSlug keeps file names well under every file system's limit, with room
// for the prefix, date and extension.
const maxSlug = 60

// DefaultFileName suggests a file name for the Markdown record:
// "prr-<service>-<YYYY-MM-DD>.md", with the service reduced to lower-case
// ASCII letters, digits and single dashes and the date that of AsOf. The
// name is safe on every file system and in a shell without quoting; it
// never contains a path separator, so it cannot point elsewhere. For the
// JSON record, replace the ".md" extension with ".json".
func DefaultFileName(r *review.Review) string {
	slug := slugify(r.Service)
	if slug == "" {
		slug = slugify(r.ID)
	}
	if slug == "" {
		slug = "review"
	}
	return "prr-" + slug + "-" + AsOf(r).Format("2006-01-02") + ".md"
}

// latin spells out the letters common in the names of our users' services
// that do not decompose into an ASCII letter and an accent.
var latin = strings.NewReplacer("æ", "ae", "ø", "o", "å", "a", "ä", "a", "ö", "o", "ü", "u", "ß", "ss",
	"é", "e", "è", "e", "ê", "e", "á", "a", "à", "a", "ó", "o", "ñ", "n", "ç", "c", "í", "i", "ú", "u")

func slugify(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range latin.Replace(strings.ToLower(s)) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
			if b.Len() >= maxSlug {
				return b.String()
			}
		default:
			dash = true
		}
	}
	return b.String()
}
