package io.kubecanvas.apiserver;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;

/**
 * The secrets of one cluster, as kubeadm or kind make them: a CA of its own, the API server's certificate
 * (for 127.0.0.1 and localhost) and an admin client certificate (CN kubecanvas-admin, O system:masters)
 * signed by it, and a bearer token. The CA's key signs once and is not kept. Keys are ECDSA P-256, which
 * kubectl (Go) and fabric8 both read in the SEC 1 PEM form written here.
 *
 * <p>Saved as PEM files readable by the owner only; {@link #toString()} never shows the token or a key.
 */
public final class Credentials {
    public static final String ADMIN_USER = "kubecanvas-admin";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final X509Certificate ca;
    private final X509Certificate serverCert;
    private final PrivateKey serverKey;
    private final String serverKeyPem;
    private final X509Certificate clientCert;
    private final String clientKeyPem;
    private final String token;

    private Credentials(X509Certificate ca, X509Certificate serverCert, PrivateKey serverKey, String serverKeyPem,
                        X509Certificate clientCert, String clientKeyPem, String token) {
        this.ca = ca;
        this.serverCert = serverCert;
        this.serverKey = serverKey;
        this.serverKeyPem = serverKeyPem;
        this.clientCert = clientCert;
        this.clientKeyPem = clientKeyPem;
        this.token = token;
    }

    /** New credentials for cluster {@code name}: a fresh CA, server and client certificates, and token. */
    public static Credentials generate(String name) {
        try {
            KeyPair caKeys = ecKeys();
            X500Name caName = new X500Name("CN=kubecanvas-ca-" + safe(name) + ",O=KubeCanvas");
            Instant now = Instant.now().minus(Duration.ofMinutes(5)); // clock skew between tools
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder cab = new JcaX509v3CertificateBuilder(caName, serial(), Date.from(now),
                    Date.from(now.plus(Duration.ofDays(3650))), caName, caKeys.getPublic());
            cab.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            cab.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature));
            cab.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(caKeys.getPublic()));
            X509Certificate ca = sign(cab, caKeys.getPrivate());

            KeyPair serverKeys = ecKeys();
            X509v3CertificateBuilder sb = new JcaX509v3CertificateBuilder(ca, serial(), Date.from(now),
                    Date.from(now.plus(Duration.ofDays(365))), new X500Name("CN=kube-apiserver"), serverKeys.getPublic());
            sb.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            sb.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
            sb.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            sb.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(ca));
            sb.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[]{
                    new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
                    new GeneralName(GeneralName.dNSName, "localhost"),
                    new GeneralName(GeneralName.dNSName, "kubernetes"),
                    new GeneralName(GeneralName.dNSName, "kubernetes.default"),
                    new GeneralName(GeneralName.dNSName, "kubernetes.default.svc")}));
            X509Certificate server = sign(sb, caKeys.getPrivate());

            KeyPair clientKeys = ecKeys();
            X509v3CertificateBuilder cb = new JcaX509v3CertificateBuilder(ca, serial(), Date.from(now),
                    Date.from(now.plus(Duration.ofDays(365))), new X500Name("CN=" + ADMIN_USER + ",O=system:masters"),
                    clientKeys.getPublic());
            cb.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            cb.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
            cb.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
            cb.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(ca));
            X509Certificate client = sign(cb, caKeys.getPrivate());

            byte[] t = new byte[32];
            RANDOM.nextBytes(t);
            return new Credentials(ca, server, serverKeys.getPrivate(), sec1(serverKeys), client, sec1(clientKeys),
                    HexFormat.of().formatHex(t));
        } catch (GeneralSecurityException | IOException | OperatorCreationException e) {
            throw new IllegalStateException("cannot make the cluster's certificates: " + e.getMessage(), e);
        }
    }

    /**
     * An EC key in SEC 1 form with its curve and public key, as OpenSSL writes it ("EC PRIVATE KEY"): Go's
     * crypto/tls needs the curve named in the key itself.
     */
    private static String sec1(KeyPair kp) throws IOException {
        org.bouncycastle.asn1.pkcs.PrivateKeyInfo info = org.bouncycastle.asn1.pkcs.PrivateKeyInfo.getInstance(kp.getPrivate().getEncoded());
        org.bouncycastle.asn1.x509.SubjectPublicKeyInfo pub = org.bouncycastle.asn1.x509.SubjectPublicKeyInfo.getInstance(kp.getPublic().getEncoded());
        java.security.interfaces.ECPrivateKey k = (java.security.interfaces.ECPrivateKey) kp.getPrivate();
        org.bouncycastle.asn1.sec.ECPrivateKey key = new org.bouncycastle.asn1.sec.ECPrivateKey(256, k.getS(), pub.getPublicKeyData(),
                info.getPrivateKeyAlgorithm().getParameters());
        StringWriter w = new StringWriter();
        try (JcaPEMWriter p = new JcaPEMWriter(w)) {
            p.writeObject(new org.bouncycastle.util.io.pem.PemObject("EC PRIVATE KEY", key.getEncoded()));
        }
        return w.toString();
    }

    private static KeyPair ecKeys() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        return g.generateKeyPair();
    }

    private static BigInteger serial() {
        return new BigInteger(63, RANDOM).add(BigInteger.ONE);
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey key)
            throws OperatorCreationException, CertificateException {
        ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").build(key);
        return new JcaX509CertificateConverter().getCertificate(b.build(signer));
    }

    private static String safe(String name) {
        return name.replaceAll("[^A-Za-z0-9._-]", "-");
    }

    // ---- use -----------------------------------------------------------------------------------

    /** The bearer token: compare with {@link #tokenMatches}; never print it. */
    public String token() {
        return token;
    }

    /** Constant-time comparison, so the token cannot be guessed from response times. */
    public boolean tokenMatches(String candidate) {
        return candidate != null && MessageDigest.isEqual(candidate.getBytes(StandardCharsets.UTF_8),
                token.getBytes(StandardCharsets.UTF_8));
    }

    /** True when {@code chain}'s first certificate was signed by this cluster's CA and is valid now. */
    public boolean clientCertificateValid(X509Certificate[] chain) {
        if (chain == null || chain.length == 0) {
            return false;
        }
        try {
            chain[0].checkValidity();
            chain[0].verify(ca.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    public X509Certificate ca() {
        return ca;
    }

    /** The server's key and certificate chain, for the TLS connector. */
    public KeyStore serverKeyStore(char[] password) {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("server", serverKey, password, new java.security.cert.Certificate[]{serverCert, ca});
            return ks;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The CA alone: what client certificates must chain to. */
    public KeyStore trustStore() {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setCertificateEntry("ca", ca);
            return ks;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public String caPem() {
        return pem(ca);
    }

    public String clientCertPem() {
        return pem(clientCert);
    }

    public String clientKeyPem() {
        return clientKeyPem;
    }

    // ---- files ---------------------------------------------------------------------------------

    /** Writes the PEM files and the token into {@code dir}, each readable by the owner only. */
    public void save(Path dir) throws IOException {
        Files.createDirectories(dir);
        write(dir.resolve("ca.crt"), caPem());
        write(dir.resolve("apiserver.crt"), pem(serverCert));
        write(dir.resolve("apiserver.key"), serverKeyPem);
        write(dir.resolve("admin.crt"), clientCertPem());
        write(dir.resolve("admin.key"), clientKeyPem());
        write(dir.resolve("token"), token + "\n");
    }

    public static Credentials load(Path dir) throws IOException {
        try {
            return new Credentials(cert(dir.resolve("ca.crt")), cert(dir.resolve("apiserver.crt")),
                    key(dir.resolve("apiserver.key")), Files.readString(dir.resolve("apiserver.key")), cert(dir.resolve("admin.crt")),
                    Files.readString(dir.resolve("admin.key")), Files.readString(dir.resolve("token")).strip());
        } catch (CertificateException e) {
            throw new IOException("cannot read the cluster's certificates in " + dir + ": " + e.getMessage(), e);
        }
    }

    static void write(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        try {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(tmp); // not a POSIX file system
        }
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    private static X509Certificate cert(Path file) throws IOException, CertificateException {
        try (PEMParser p = new PEMParser(new StringReader(Files.readString(file)))) {
            Object o = p.readObject();
            if (!(o instanceof org.bouncycastle.cert.X509CertificateHolder h)) {
                throw new IOException(file + " holds no certificate");
            }
            return new JcaX509CertificateConverter().getCertificate(h);
        }
    }

    private static PrivateKey key(Path file) throws IOException {
        try (PEMParser p = new PEMParser(new StringReader(Files.readString(file)))) {
            Object o = p.readObject();
            JcaPEMKeyConverter c = new JcaPEMKeyConverter();
            if (o instanceof PEMKeyPair kp) {
                return c.getKeyPair(kp).getPrivate();
            }
            if (o instanceof org.bouncycastle.asn1.pkcs.PrivateKeyInfo info) {
                return c.getPrivateKey(info);
            }
            throw new IOException(file + " holds no private key");
        }
    }

    private static String pem(Object o) {
        StringWriter w = new StringWriter();
        try (JcaPEMWriter p = new JcaPEMWriter(w)) {
            p.writeObject(o);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return w.toString();
    }

    @Override
    public String toString() {
        return "Credentials[" + ca.getSubjectX500Principal().getName() + "]";
    }
}
