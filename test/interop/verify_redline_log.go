// Checks Redline's transparency log with Go's reference code and no Redline code: the checkpoint is
// opened as a C2SP signed note (golang.org/x/mod/sumdb/note), proofs are checked by
// golang.org/x/mod/sumdb/tlog. Build in GOPATH mode against Debian's golang-golang-x-mod-dev:
//
//	GOPATH=/usr/share/gocode GO111MODULE=off go run verify_redline_log.go < cases.json
//
// Input: {"verifierKey", "inclusions": [{leafIndex, leafData (hex), inclusionProof, checkpoint}],
// "consistency": [{oldCheckpoint, checkpoint, consistencyProof}], "checkpoints": [note text]}.
// Output: one JSON line per case {"case", "ok", "error"}; exit status 1 if any case fails.
package main

import (
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

type inclusion struct {
	LeafIndex      int64    `json:"leafIndex"`
	LeafData       string   `json:"leafData"`
	InclusionProof []string `json:"inclusionProof"`
	Checkpoint     string   `json:"checkpoint"`
}

type consistency struct {
	OldCheckpoint    string   `json:"oldCheckpoint"`
	Checkpoint       string   `json:"checkpoint"`
	ConsistencyProof []string `json:"consistencyProof"`
}

type cases struct {
	VerifierKey string        `json:"verifierKey"`
	Checkpoints []string      `json:"checkpoints"`
	Inclusions  []inclusion   `json:"inclusions"`
	Consistency []consistency `json:"consistency"`
}

type result struct {
	Case  string `json:"case"`
	OK    bool   `json:"ok"`
	Error string `json:"error,omitempty"`
}

// openCheckpoint verifies the note's signature and parses the C2SP tlog-checkpoint body:
// origin line, decimal tree size, base64 root hash.
func openCheckpoint(text string, verifiers note.Verifiers, origin string) (tlog.Tree, error) {
	n, err := note.Open([]byte(text), verifiers)
	if err != nil {
		return tlog.Tree{}, err
	}
	lines := strings.Split(n.Text, "\n")
	if len(lines) < 4 || lines[0] != origin {
		return tlog.Tree{}, fmt.Errorf("checkpoint origin %q is not %q", lines[0], origin)
	}
	size, err := strconv.ParseInt(lines[1], 10, 64)
	if err != nil || size < 0 || strconv.FormatInt(size, 10) != lines[1] {
		return tlog.Tree{}, errors.New("malformed tree size")
	}
	root, err := base64.StdEncoding.DecodeString(lines[2])
	if err != nil || len(root) != tlog.HashSize {
		return tlog.Tree{}, errors.New("malformed root hash")
	}
	var h tlog.Hash
	copy(h[:], root)
	return tlog.Tree{N: size, Hash: h}, nil
}

func hashes(encoded []string) ([]tlog.Hash, error) {
	out := make([]tlog.Hash, len(encoded))
	for i, e := range encoded {
		b, err := base64.StdEncoding.DecodeString(e)
		if err != nil || len(b) != tlog.HashSize {
			return nil, fmt.Errorf("proof hash %d is not base64 SHA-256", i)
		}
		copy(out[i][:], b)
	}
	return out, nil
}

func main() {
	var in cases
	if err := json.NewDecoder(os.Stdin).Decode(&in); err != nil {
		fmt.Fprintln(os.Stderr, "bad input:", err)
		os.Exit(2)
	}
	verifier, err := note.NewVerifier(in.VerifierKey)
	if err != nil {
		fmt.Fprintln(os.Stderr, "bad verifier key:", err)
		os.Exit(2)
	}
	verifiers := note.VerifierList(verifier)
	origin := verifier.Name()
	out := json.NewEncoder(os.Stdout)
	failed := false
	report := func(name string, err error) {
		r := result{Case: name, OK: err == nil}
		if err != nil {
			r.Error = err.Error()
			failed = true
		}
		out.Encode(r)
	}
	for i, text := range in.Checkpoints {
		_, err := openCheckpoint(text, verifiers, origin)
		report(fmt.Sprintf("checkpoint %d", i), err)
	}
	for _, c := range in.Inclusions {
		name := fmt.Sprintf("inclusion of leaf %d", c.LeafIndex)
		err := func() error {
			tree, err := openCheckpoint(c.Checkpoint, verifiers, origin)
			if err != nil {
				return err
			}
			data, err := hex.DecodeString(c.LeafData)
			if err != nil {
				return err
			}
			proof, err := hashes(c.InclusionProof)
			if err != nil {
				return err
			}
			return tlog.CheckRecord(proof, tree.N, tree.Hash, c.LeafIndex, tlog.RecordHash(data))
		}()
		report(name, err)
	}
	for i, c := range in.Consistency {
		err := func() error {
			older, err := openCheckpoint(c.OldCheckpoint, verifiers, origin)
			if err != nil {
				return err
			}
			newer, err := openCheckpoint(c.Checkpoint, verifiers, origin)
			if err != nil {
				return err
			}
			proof, err := hashes(c.ConsistencyProof)
			if err != nil {
				return err
			}
			return tlog.CheckTree(proof, newer.N, newer.Hash, older.N, older.Hash)
		}()
		report(fmt.Sprintf("consistency %d", i), err)
	}
	if failed {
		os.Exit(1)
	}
}
