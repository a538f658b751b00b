// Users and ACLs of a secured local broker, applied in one JVM through Kafka's Admin API.
//
// Run by conum_devtools.kafka (JDK 11+ source-file mode, kafka-clients on the class path):
//
//   java -cp '<libs>/*' BrokerAccess.java <admin.properties> <access.txt>
//
// <admin.properties> holds the admin client's settings (bootstrap.servers, security.protocol,
// sasl.mechanism, sasl.jaas.config). <access.txt> has one entry per line, fields separated by
// tabs (nothing else is read, so a password may hold any character but a tab or a newline):
//
//   user   <name>      SCRAM-SHA-512  <password>
//   allow  <principal> <resource type: TOPIC|GROUP|CLUSTER|TRANSACTIONAL_ID>
//          <pattern type: LITERAL|PREFIXED> <resource name> <operation: READ|WRITE|…>
//
// Users are upserted (a new password replaces the old one) and ACLs created (creating an
// existing binding changes nothing), so the same file can be applied again at every start.
// It prints how many of each were applied; any failure exits with status 1.
import java.io.FileInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

public class BrokerAccess {
    private static final int SCRAM_ITERATIONS = 4096;

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: BrokerAccess <admin.properties> <access.txt>");
            System.exit(2);
        }
        Properties settings = new Properties();
        try (InputStream in = new FileInputStream(args[0])) {
            settings.load(in);
        }
        List<UserScramCredentialAlteration> users = new ArrayList<>();
        List<AclBinding> acls = new ArrayList<>();
        int number = 0;
        for (String line : Files.readAllLines(Path.of(args[1]), StandardCharsets.UTF_8)) {
            number++;
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] field = line.split("\t", -1);
            if (field[0].equals("user") && field.length == 4) {
                ScramMechanism mechanism = ScramMechanism.fromMechanismName(field[2]);
                if (mechanism == ScramMechanism.UNKNOWN) {
                    fail(number, "unknown SCRAM mechanism " + field[2]);
                }
                users.add(new UserScramCredentialUpsertion(
                        field[1], new ScramCredentialInfo(mechanism, SCRAM_ITERATIONS), field[3]));
            } else if (field[0].equals("allow") && field.length == 6) {
                ResourcePattern resource = new ResourcePattern(
                        ResourceType.valueOf(field[2]), field[4], PatternType.valueOf(field[3]));
                AccessControlEntry entry = new AccessControlEntry(
                        field[1], "*", AclOperation.valueOf(field[5]), AclPermissionType.ALLOW);
                acls.add(new AclBinding(resource, entry));
            } else {
                fail(number, "expected 'user' with 4 fields or 'allow' with 6");
            }
        }
        try (Admin admin = Admin.create(settings)) {
            if (!users.isEmpty()) {
                admin.alterUserScramCredentials(users).all().get(60, TimeUnit.SECONDS);
            }
            if (!acls.isEmpty()) {
                admin.createAcls(acls).all().get(60, TimeUnit.SECONDS);
            }
        }
        System.out.println("applied " + users.size() + " users, " + acls.size() + " ACLs");
    }

    private static void fail(int line, String message) {
        System.err.println("line " + line + ": " + message);
        System.exit(2);
    }
}
