package netshell.node;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.jcraft.jsch.HostKey;
import com.jcraft.jsch.HostKeyRepository;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;

import netshell.core.Printable;

/**
 * A known_hosts file shared by many nodes, threads and processes: a key is appended in OpenSSH's format
 * ({@code [host]:port} for ports other than 22, {@code |1|salt|hash} when hashing) only if the file, read
 * again under an exclusive lock, does not already hold it. Existing lines are never rewritten.
 */
final class KnownHostsFile {
    /** FileLock guards against other processes; within this JVM one lock per file (FileLock is per process). */
    private static final Map<Path, ReentrantLock> LOCKS = new ConcurrentHashMap<>();
    private static final SecureRandom RANDOM = new SecureRandom();

    private KnownHostsFile() {}

    /** Whether the file holds this key for host ("host" or "[host]:port", as JSch asks). */
    static int check(Path file, String host, byte[] key) {
        if (!Files.isReadable(file)) return HostKeyRepository.NOT_INCLUDED;
        try {
            return repository(Files.readAllBytes(file)).check(host, key);
        } catch (IOException | JSchException e) {
            return HostKeyRepository.NOT_INCLUDED;
        }
    }

    /** Every key the file holds for host, of any type (none when it cannot be read). */
    static HostKey[] keys(Path file, String host) {
        if (!Files.isReadable(file)) return new HostKey[0];
        try {
            HostKey[] keys = repository(Files.readAllBytes(file)).getHostKey(host, null);
            return keys == null ? new HostKey[0] : keys;
        } catch (IOException | JSchException e) {
            return new HostKey[0];
        }
    }

    /** Appends the key unless present; returns false when it was there already. */
    static boolean append(Path file, String host, HostKey key, boolean hash) throws IOException {
        // A newline would add lines of its own choosing to the file, a blank a field.
        if (host.isEmpty() || host.chars().anyMatch(Character::isWhitespace) || Printable.hasControl(host)) {
            throw new IOException("the host name '" + Printable.escape(host) + "' holds a blank or control character");
        }
        Path abs = file.toAbsolutePath().normalize();
        ReentrantLock lock = LOCKS.computeIfAbsent(abs, p -> new ReentrantLock());
        lock.lock();
        try {
            if (abs.getParent() != null) Files.createDirectories(abs.getParent());
            try (FileChannel ch = FileChannel.open(abs, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE); FileLock ignored = ch.lock()) {
                byte[] now = new byte[(int) ch.size()];
                ByteBuffer buf = ByteBuffer.wrap(now);
                while (buf.hasRemaining() && ch.read(buf, buf.position()) > 0) {
                    // read until full
                }
                byte[] keyBytes = Base64.getDecoder().decode(key.getKey());
                if (repository(now).check(host, keyBytes) == HostKeyRepository.OK) return false;
                String line = (hash ? hashed(host) : host) + " " + key.getType() + " " + key.getKey() + "\n";
                boolean needsNewline = now.length > 0 && now[now.length - 1] != '\n';
                ch.position(ch.size());
                ch.write(ByteBuffer.wrap(((needsNewline ? "\n" : "") + line).getBytes(StandardCharsets.UTF_8)));
                ch.force(false);
                return true;
            } catch (JSchException e) {
                throw new IOException(e.getMessage(), e);
            }
        } finally {
            lock.unlock();
        }
    }

    /** OpenSSH's HashKnownHosts form: |1|base64(salt)|base64(HMAC-SHA1(salt, host)). */
    static String hashed(String host) {
        byte[] salt = new byte[20];
        RANDOM.nextBytes(salt);
        return hashed(host, salt);
    }

    static String hashed(String host, byte[] salt) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(salt, "HmacSHA1"));
            byte[] digest = mac.doFinal(host.getBytes(StandardCharsets.UTF_8));
            Base64.Encoder b64 = Base64.getEncoder();
            return "|1|" + b64.encodeToString(salt) + "|" + b64.encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 unavailable", e);
        }
    }

    private static HostKeyRepository repository(byte[] content) throws JSchException {
        JSch j = new JSch();
        j.setKnownHosts(new ByteArrayInputStream(content));
        return j.getHostKeyRepository();
    }
}
