/*
 * Runs OmegaT's own Apertium client (org.omegat.core.machinetranslators.ApertiumTranslate, in
 * Debian's OmegaT 3.6) against a server of our choosing, outside OmegaT's window.
 *
 * Usage: java -cp /usr/share/omegat/OmegaT.jar ApyProbe.java URL SRC TGT TEXT [SRC TGT TEXT ...]
 * URL replaces the client's fixed "https://www.apertium.org/apy/translate?q=" (the text, the
 * markUnknown, langpair and key parameters are appended by the client as it always does). Prints
 * one line per text: what the client returned, which is what OmegaT shows as the suggestion.
 *
 * The client's constructor needs OmegaT's main window (it adds a menu item), so the instance is
 * made without it and given the one field translate() uses, its cache.
 */
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import org.omegat.core.machinetranslators.ApertiumTranslate;
import org.omegat.core.machinetranslators.BaseTranslate;
import org.omegat.util.Language;

public class ApyProbe {
    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        Field url = ApertiumTranslate.class.getDeclaredField("GT_URL");
        url.setAccessible(true);
        url.set(null, args[0]);
        Field theUnsafe = Class.forName("sun.misc.Unsafe").getDeclaredField("theUnsafe");
        theUnsafe.setAccessible(true);
        sun.misc.Unsafe unsafe = (sun.misc.Unsafe) theUnsafe.get(null);
        ApertiumTranslate client = (ApertiumTranslate) unsafe.allocateInstance(ApertiumTranslate.class);
        Field cache = BaseTranslate.class.getDeclaredField("cache");
        cache.setAccessible(true);
        cache.set(client, new HashMap<String, String>());
        Method translate = ApertiumTranslate.class.getDeclaredMethod("translate", Language.class, Language.class, String.class);
        translate.setAccessible(true);
        for (int i = 1; i + 2 < args.length; i += 3) {
            out.println(translate.invoke(client, new Language(args[i]), new Language(args[i + 1]), args[i + 2]));
        }
    }
}
