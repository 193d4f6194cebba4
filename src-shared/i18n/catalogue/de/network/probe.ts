/** Die deutschen Wörter von network/probe: dieselben ids wie en/network/probe.ts, keine fehlt. */
import type { messages as en } from '../../en/network/probe';

export const messages: Record<keyof typeof en, string> = {
  'network.watch.windowsCounters': 'den GPU-Leistungsindikatoren von Windows',
  'network.watch.gpuWith': 'Die App liest Ihre GPU mit {tool} aus und sieht so andere Programme auf der GPU.',
  'network.watch.gpu': 'Die App liest Ihre GPU aus und sieht so andere Programme auf der GPU.',
  'network.watch.noGpu':
    'Dieser Computer hat kein GPU-Werkzeug, das die App auslesen kann (nvidia-smi, rocm-smi), daher sieht sie keine anderen Programme auf der GPU.',
  'network.watch.programs': 'Die App kann sehen, welche Programme laufen.',
  'network.watch.noPrograms':
    'Dieser Computer lässt die App nicht sehen, welche Programme laufen, daher kann Ihre Programmliste den Knoten nicht pausieren.',
  'network.watch.fullscreen': 'Die App erkennt, wenn eine App den Bildschirm füllt.',
  'network.watch.noFullscreen': 'Dieser Computer teilt der App nicht mit, wenn eine App den Bildschirm füllt.',
  'network.watch.busy': 'Auslastung',
  'network.watch.memory': 'Speicher',
  'network.watch.memoryOf': '{used} GB von {total} GB belegt',
  'network.watch.memoryUsed': '{used} GB belegt',
  'network.watch.power': 'Leistung',
  'network.watch.temperature': 'Temperatur',
  'network.probe.reachable': 'Erreicht',
  'network.probe.unreachable': 'Nicht erreicht',
  'network.probe.notPossible': 'Kann nicht anwählen',
  'network.probe.unavailable': 'Nicht geprüft',
  'network.probe.heading': 'Die Sofortprüfung des Verzeichnisses:',
  'network.probe.took': 'Das dauerte {ms} ms.',
  'network.probe.said': 'Das Verzeichnis meldete <code></code>.',
  'network.probe.askedAt': '(gefragt um {at})',
  'network.probe.notOffered': 'Nicht angeboten',
  'network.probe.words.notUrl': 'Die Adresse ist keine URL, die das Verzeichnis anwählen könnte.',
  'network.probe.words.httpsOnly':
    'Die Sofortprüfung des Verzeichnisses wählt nur einfaches HTTP an, diese Adresse nutzt aber HTTPS (einen Tunnel oder einen Proxy); ob der Zugang funktioniert, zeigt deshalb die Aufgabe oben.',
  'network.probe.words.lowPort':
    'Die Sofortprüfung des Verzeichnisses wählt nur Ports ab {min} an, diese Adresse nutzt Port {port}.',
  'network.probe.words.ipv6':
    'Das Verzeichnis kann keine IPv6-Adressen anwählen; ob der Zugang über IPv6 funktioniert, zeigt deshalb die Aufgabe oben.',
  'network.probe.words.noAddress': 'Es gibt noch keine öffentliche Adresse, die das Verzeichnis anwählen könnte.',
  'network.probe.words.notAsked': 'Das Verzeichnis konnte gerade nicht gefragt werden.',
  'network.probe.words.tooOften':
    'Das Verzeichnis wurde von dieser Adresse aus zu oft gefragt; in einer Minute kann die Prüfung erneut angefordert werden.',
  'network.probe.words.notOffered': 'Dieses Verzeichnis bietet keine Sofortprüfung an.',
  'network.probe.words.privateAddress': 'Das Verzeichnis wählt keine privaten Adressen an, und diese Adresse ist eine.',
  'network.probe.words.unresolvable': 'Das Verzeichnis konnte diesen Hostnamen im DNS nicht finden.',
  'network.probe.words.couldNotCheck': 'Das Verzeichnis konnte die Adresse gerade nicht prüfen.',
  'network.probe.words.reached': 'Das Verzeichnis hat Ihren Knoten soeben erreicht.',
  'network.probe.words.unreadable': 'Die Antwort des Verzeichnisses war nicht lesbar.',
  'network.probe.words.timeout':
    'Das Verzeichnis konnte Ihren Knoten nicht erreichen: Innerhalb von 5 Sekunden kam keine Antwort.',
  'network.probe.words.refused':
    'Das Verzeichnis konnte Ihren Knoten nicht erreichen: Die Verbindung wurde abgelehnt oder kam nicht durch.',
  'network.probe.words.httpStatus':
    'Das Verzeichnis hat die Adresse erreicht, bekam aber HTTP {status} statt der Zustandsmeldung Ihres Knotens.',
  'network.probe.words.unreached': 'Das Verzeichnis konnte Ihren Knoten nicht erreichen.',
  'network.health.tooLarge':
    'die Adresse antwortete mit HTTP {status} und mehr als {kib} KiB, weit mehr als eine Zustandsmeldung umfasst, daher wurde die Antwort nicht gelesen',
  'network.health.tunnelUnconnected':
    'Cloudflare meldete, dass der Tunnel keine Verbindung zu diesem Computer hat (HTTP 530)',
  'network.health.tunnelUnreached': 'Cloudflare konnte den Knoten über den Tunnel nicht erreichen (HTTP {status})',
  'network.health.status': 'die Adresse antwortete mit HTTP {status}',
  'network.health.timeout': 'keine Antwort innerhalb von {seconds, number} s',
  'network.health.stopped': 'abgebrochen',
  'network.health.failed': 'die Anfrage ist fehlgeschlagen',
  'network.health.failedWith': 'die Anfrage ist fehlgeschlagen ({code})',
  'network.health.place.thisComputer': 'ihre Adresse führt zurück zu diesem Computer',
  'network.health.place.private': 'ihre Adresse führt in ein privates Netzwerk',
  'network.health.place.notPublic': 'ihre Adresse führt zu einer Adresse, die nicht im Internet liegt',
};
