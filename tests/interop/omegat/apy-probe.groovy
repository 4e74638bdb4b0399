/*
 * Runs OmegaT's own Apertium client (org.omegat.core.machinetranslators.ApertiumTranslate, in
 * Debian's OmegaT 3.6) against a server of our choosing, outside OmegaT's window.
 *
 * Usage: java -cp /usr/share/omegat/OmegaT.jar groovy.ui.GroovyMain apy-probe.groovy URL SRC TGT TEXT [SRC TGT TEXT ...]
 * (OmegaT.jar's manifest brings Groovy; a Java runtime is enough, no compiler). URL replaces the
 * client's fixed "https://www.apertium.org/apy/translate?q=": the client appends the text and
 * its markUnknown, langpair and key parameters as it always does. Prints one line per text: what
 * the client returned, which is what OmegaT shows as the suggestion.
 *
 * The client's constructor needs OmegaT's main window (it adds a menu item), so the instance is
 * made without running it and given the one field translate() uses, its cache.
 */
import org.omegat.core.machinetranslators.ApertiumTranslate
import org.omegat.core.machinetranslators.BaseTranslate
import org.omegat.util.Language

def serverUrl = ApertiumTranslate.getDeclaredField('GT_URL')
serverUrl.accessible = true
serverUrl.set(null, args[0])
def theUnsafe = Class.forName('sun.misc.Unsafe').getDeclaredField('theUnsafe')
theUnsafe.accessible = true
def client = theUnsafe.get(null).allocateInstance(ApertiumTranslate)
def cache = BaseTranslate.getDeclaredField('cache')
cache.accessible = true
cache.set(client, new HashMap<String, String>())
def translate = ApertiumTranslate.getDeclaredMethod('translate', Language, Language, String)
translate.accessible = true
def out = new PrintStream(System.out, true, 'UTF-8')
for (int i = 1; i + 2 < args.length; i += 3) {
    out.println(translate.invoke(client, new Language(args[i]), new Language(args[i + 1]), args[i + 2]))
}
