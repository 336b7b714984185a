package netshell.node;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.jcraft.jsch.HostKey;
import com.jcraft.jsch.HostKeyRepository;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.UserInfo;

/**
 * Our host key policy in front of JSch's known_hosts: a known key passes; an unknown key is accepted
 * (and appended once to known_hosts, see KnownHostsFile) only when allowed or confirmed; a changed key is
 * always refused. JSch itself runs with StrictHostKeyChecking=yes, so whatever this refuses fails the
 * connection; refusal() says why, with the exact ways to fix it.
 */
final class HostKeyCheck implements HostKeyRepository {
    private final JSch jsch;
    private final HostKeyRepository known;
    private final String node;
    private final String file;
    private final boolean acceptNew;
    private final Prompter prompter;
    private final HostKeyTrust trust;
    private final boolean hash;
    private volatile String refusal;

    HostKeyCheck(JSch jsch, String node, String file, boolean acceptNew, Prompter prompter, HostKeyTrust trust,
            boolean hash) {
        this.jsch = jsch;
        this.known = jsch.getHostKeyRepository();
        this.node = node;
        this.file = file;
        this.acceptNew = acceptNew;
        this.prompter = prompter;
        this.trust = trust;
        this.hash = hash;
    }

    /** Why the last check refused the key, or null. */
    String refusal() { return refusal; }

    @Override
    public int check(String host, byte[] key) {
        refusal = null;
        int verdict = known.check(host, key);
        if (verdict == OK) return OK;
        // Another node, or another netshell, may have saved it since this node read the file.
        if (verdict == NOT_INCLUDED && !file.equals("/dev/null")) {
            int now = KnownHostsFile.check(Path.of(file), host, key);
            if (now == OK) return OK;
            if (now == CHANGED) verdict = CHANGED;
        }
        HostKey presented;
        try {
            presented = new HostKey(host, key);
        } catch (JSchException e) {
            refusal = node + ": unreadable host key from " + host + ": " + e.getMessage();
            return NOT_INCLUDED;
        }
        String fingerprint = presented.getType() + " key fingerprint is " + presented.getFingerPrint(jsch);
        // A key of another type where one is known is a changed key too: JSch asks for the known type first
        // (prefer_known_host_key_types), so a host offering another has lost its key, or is not that host.
        HostKey[] recorded = recorded(host);
        if (verdict == CHANGED || recorded.length > 0) {
            refusal = node + ": REMOTE HOST IDENTIFICATION HAS CHANGED for " + host + "! It offers " + fingerprint
                    + ", but " + file + " records " + fingerprints(recorded)
                    + ". Someone could be eavesdropping (man-in-the-middle), or the host key was just changed."
                    + " If the change is expected, remove the old key: ssh-keygen -f '" + file + "' -R '" + host + "'";
            return CHANGED;
        }
        String question = "The authenticity of host '" + host + "' (" + node + ") can't be established. "
                + fingerprint + ". Are you sure you want to continue connecting?";
        if (acceptNew || trust.decide(prompter, question)) {
            save(host, presented);
            return OK;
        }
        refusal = node + ": host key for '" + host + "' is not known (" + fingerprint + ", not in " + file + ")."
                + " Verify it, then: " + keyscan(host) + ", or run with --accept-new-host-keys"
                + ", or set StrictHostKeyChecking accept-new for this host";
        return NOT_INCLUDED;
    }

    /** The keys recorded for the host, of any type: in what JSch read, and in the file as it is now. */
    private HostKey[] recorded(String host) {
        HostKey[] read = known.getHostKey(host, null);
        if (read != null && read.length > 0) return read;
        return file.equals("/dev/null") ? new HostKey[0] : KnownHostsFile.keys(Path.of(file), host);
    }

    private String fingerprints(HostKey[] keys) {
        List<String> out = new ArrayList<>();
        for (HostKey k : keys) out.add(k.getType() + " key " + k.getFingerPrint(jsch));
        return out.isEmpty() ? "another key" : String.join(" and ", out);
    }

    /** The ssh-keyscan line that records this host ("[h]:p" → -p p h). */
    String keyscan(String host) {
        String h = host;
        String port = "";
        if (host.startsWith("[") && host.contains("]:")) {
            h = host.substring(1, host.indexOf("]:"));
            port = "-p " + host.substring(host.indexOf("]:") + 2) + " ";
        }
        return "ssh-keyscan -H " + port + h + " >> " + file;
    }

    /** Appends the key once (under a file lock); JSch's own add would rewrite the whole file. */
    private void save(String host, HostKey key) {
        if (file.equals("/dev/null")) return;
        try {
            KnownHostsFile.append(Path.of(file), host, key, hash);
        } catch (IOException e) {
            throw new NodeException(node, "cannot save host key to " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void add(HostKey hostkey, UserInfo ui) { known.add(hostkey, ui); }
    @Override
    public void remove(String host, String type) { known.remove(host, type); }
    @Override
    public void remove(String host, String type, byte[] key) { known.remove(host, type, key); }
    @Override
    public String getKnownHostsRepositoryID() { return known.getKnownHostsRepositoryID(); }
    @Override
    public HostKey[] getHostKey() { return known.getHostKey(); }
    @Override
    public HostKey[] getHostKey(String host, String type) { return known.getHostKey(host, type); }
}
