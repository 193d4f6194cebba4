/** The English words of network: the watch, the probe and the health check. */
export const messages = {
  'network.watch.windowsCounters': "Windows' GPU performance counters",
  'network.watch.gpuWith': 'The app reads your GPU with {tool}, so it sees other programs on the GPU.',
  'network.watch.gpu': 'The app reads your GPU, so it sees other programs on the GPU.',
  'network.watch.noGpu':
    'This computer has no GPU tool the app can read (nvidia-smi, rocm-smi), so it cannot see other programs on the GPU.',
  'network.watch.programs': 'The app can see which programs are running.',
  'network.watch.noPrograms':
    'This computer does not let the app see which programs are running, so your list of programs cannot pause the node.',
  'network.watch.fullscreen': 'The app can tell when an app fills the screen.',
  'network.watch.noFullscreen': 'This computer does not tell the app when an app fills the screen.',
  'network.watch.busy': 'Busy',
  'network.watch.memory': 'Memory',
  'network.watch.memoryOf': '{used} GB of {total} GB in use',
  'network.watch.memoryUsed': '{used} GB in use',
  'network.watch.power': 'Power',
  'network.watch.temperature': 'Temperature',
  'network.probe.reachable': 'Reached',
  'network.probe.unreachable': 'Not reached',
  'network.probe.notPossible': 'Cannot dial',
  'network.probe.unavailable': 'Not checked',
  'network.probe.heading': 'The directory’s instant check:',
  'network.probe.took': 'It took {ms} ms.',
  'network.probe.said': 'The directory said <code></code>.',
  'network.probe.askedAt': '(asked at {at})',
  'network.probe.notOffered': 'Not offered',
  'network.probe.words.notUrl': 'The address is not a URL the directory could dial.',
  'network.probe.words.httpsOnly':
    'The directory’s instant check dials plain HTTP only, and this address uses HTTPS (a tunnel or a proxy), so the task above is what shows the way in.',
  'network.probe.words.lowPort':
    'The directory’s instant check dials ports from {min} up, and this address uses port {port}.',
  'network.probe.words.ipv6':
    'The directory cannot dial IPv6 addresses, so the task above is what shows the way in over IPv6.',
  'network.probe.words.noAddress': 'There is no public address the directory could dial yet.',
  'network.probe.words.notAsked': 'The directory could not be asked just now.',
  'network.probe.words.tooOften':
    'The directory was asked too often from this address; its check can be asked again in a minute.',
  'network.probe.words.notOffered': 'This directory does not offer an instant check.',
  'network.probe.words.privateAddress': 'The directory does not dial private addresses, and this address is one.',
  'network.probe.words.unresolvable': 'The directory could not find this host name in DNS.',
  'network.probe.words.couldNotCheck': 'The directory could not check the address just now.',
  'network.probe.words.reached': 'The directory reached your node just now.',
  'network.probe.words.unreadable': 'The directory’s answer could not be read.',
  'network.probe.words.timeout': 'The directory could not reach your node: nothing answered within 5 seconds.',
  'network.probe.words.refused':
    'The directory could not reach your node: the connection was refused or did not get through.',
  'network.probe.words.httpStatus':
    'The directory reached the address, but it answered HTTP {status} instead of your node’s health.',
  'network.probe.words.unreached': 'The directory could not reach your node.',
  'network.health.tooLarge':
    'the address answered HTTP {status} with more than {kib} KiB, far more than a health check sends, so the answer was not read',
  'network.health.tunnelUnconnected':
    'Cloudflare answered that the tunnel has no connection to this computer (HTTP 530)',
  'network.health.tunnelUnreached': 'Cloudflare could not reach the node through the tunnel (HTTP {status})',
  'network.health.status': 'the address answered HTTP {status}',
  'network.health.timeout': 'no answer within {seconds, number} s',
  'network.health.stopped': 'stopped',
  'network.health.failed': 'the request failed',
  'network.health.failedWith': 'the request failed ({code})',
  'network.health.place.thisComputer': 'its address points back at this computer',
  'network.health.place.private': 'its address points into a private network',
  'network.health.place.notPublic': 'its address points to an address that is not on the internet',
} as const;
