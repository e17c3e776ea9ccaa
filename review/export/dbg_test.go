package export
import ("testing";"strings";"time";"github.com/yuin/goldmark";"github.com/yuin/goldmark/extension";"github.com/yuin/goldmark/text")
func TestDbg(t *testing.T){
 for _, n := range []int{1<<14, 1<<15, 1<<16} {
 ins := map[string]string{"stars": strings.Repeat("*a", n), "backticks": strings.Repeat("`a", n), "rows": "| Field | Value |\n| --- | --- |\n"+strings.Repeat("| a | b |\n", n/8), "under": strings.Repeat("_a ", n), "links": strings.Repeat("[a](", n), "tilde": strings.Repeat("~~a", n), "lt": strings.Repeat("<a ", n)}
 for k, in := range ins { s:=time.Now(); goldmark.New(goldmark.WithExtensions(extension.GFM)).Parser().Parse(text.NewReader([]byte(in))); t.Logf("%s %d bytes %v", k, len(in), time.Since(s)) }
 }
}
